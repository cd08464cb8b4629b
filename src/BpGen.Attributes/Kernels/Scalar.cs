using System;

namespace BpGen
{
    /// <summary>
    /// Arithmetic on float or double for code written once for both. Implementations are structs, so
    /// the JIT compiles a specialized copy per type and the calls become plain instructions.
    /// </summary>
    internal interface IScalar<T>
        where T : unmanaged
    {
        T Add(T a, T b);

        T Subtract(T a, T b);

        T Multiply(T a, T b);

        T Divide(T a, T b);

        T Sqrt(T a);

        T Exp(T a);

        T Log(T a);

        T Tanh(T a);

        /// <summary>The larger of a and b; NaN if either is NaN.</summary>
        T Max(T a, T b);

        bool LessThanZero(T a);

        bool GreaterThanZero(T a);

        /// <summary>The smallest positive normal value: 2^−126 for float, 2^−1022 for double.</summary>
        T SmallestNormal { get; }

        T FromDouble(double value);

        double ToDouble(T value);
    }

    internal readonly struct SingleScalar : IScalar<float>
    {
        public float Add(float a, float b) => a + b;

        public float Subtract(float a, float b) => a - b;

        public float Multiply(float a, float b) => a * b;

        public float Divide(float a, float b) => a / b;

        public float Exp(float a) => ScalarMath.Exp(a);

        public float Log(float a) => ScalarMath.Log(a);

        public float Tanh(float a) => ScalarMath.Tanh(a);

        public float Max(float a, float b) => Math.Max(a, b);

        public bool LessThanZero(float a) => a < 0f;

        public bool GreaterThanZero(float a) => a > 0f;

        // The double square root rounded to float is the correctly rounded float square root.
        public float Sqrt(float a) => (float)Math.Sqrt(a);

        public float SmallestNormal => 1.17549435E-38f;

        public float FromDouble(double value) => (float)value;

        public double ToDouble(float value) => value;
    }

    internal readonly struct DoubleScalar : IScalar<double>
    {
        public double Add(double a, double b) => a + b;

        public double Subtract(double a, double b) => a - b;

        public double Multiply(double a, double b) => a * b;

        public double Divide(double a, double b) => a / b;

        public double Exp(double a) => Math.Exp(a);

        public double Log(double a) => Math.Log(a);

        public double Tanh(double a) => Math.Tanh(a);

        public double Max(double a, double b) => Math.Max(a, b);

        public bool LessThanZero(double a) => a < 0d;

        public bool GreaterThanZero(double a) => a > 0d;

        public double Sqrt(double a) => Math.Sqrt(a);

        public double SmallestNormal => 2.2250738585072014E-308;

        public double FromDouble(double value) => value;

        public double ToDouble(double value) => value;
    }
}
