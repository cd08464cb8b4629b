using System;
using System.Numerics;

namespace BpGen
{
    /// <summary>
    /// The arithmetic of an optimizer step on <see cref="Width"/> parameters at once: one value of
    /// <typeparamref name="T"/>, or a <see cref="Vector{T}"/> of them. <see cref="OptimizerStep{T, TScalar}"/>
    /// writes its rules once over it and picks the vectors where they are hardware-accelerated: the
    /// software <see cref="Vector{T}"/> of other runtimes (IL2CPP) is several times slower than scalars.
    /// </summary>
    internal interface IStepArithmetic<T, TValue>
        where T : unmanaged
    {
        int Width { get; }

        TValue Broadcast(T value);

        TValue Load(Span<T> values, int k);

        void Store(TValue value, Span<T> values, int k);

        TValue Add(TValue a, TValue b);

        TValue Subtract(TValue a, TValue b);

        TValue Multiply(TValue a, TValue b);

        TValue Divide(TValue a, TValue b);

        TValue Sqrt(TValue a);
    }

    /// <summary>One parameter at a time.</summary>
    internal readonly struct ScalarStepArithmetic<T, TScalar> : IStepArithmetic<T, T>
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        public int Width => 1;

        public T Broadcast(T value) => value;

        public T Load(Span<T> values, int k) => values[k];

        public void Store(T value, Span<T> values, int k) => values[k] = value;

        public T Add(T a, T b) => default(TScalar).Add(a, b);

        public T Subtract(T a, T b) => default(TScalar).Subtract(a, b);

        public T Multiply(T a, T b) => default(TScalar).Multiply(a, b);

        public T Divide(T a, T b) => default(TScalar).Divide(a, b);

        public T Sqrt(T a) => default(TScalar).Sqrt(a);
    }

    /// <summary>A <see cref="Vector{T}"/> of parameters at a time; each lane rounds as the scalar operation would.</summary>
    internal readonly struct VectorStepArithmetic<T> : IStepArithmetic<T, Vector<T>>
        where T : unmanaged
    {
        public int Width => Vector<T>.Count;

        public Vector<T> Broadcast(T value) => new Vector<T>(value);

        public Vector<T> Load(Span<T> values, int k) => Kernels.Load<T>(values, k);

        public void Store(Vector<T> value, Span<T> values, int k) => Kernels.Store(value, values, k);

        public Vector<T> Add(Vector<T> a, Vector<T> b) => a + b;

        public Vector<T> Subtract(Vector<T> a, Vector<T> b) => a - b;

        public Vector<T> Multiply(Vector<T> a, Vector<T> b) => a * b;

        public Vector<T> Divide(Vector<T> a, Vector<T> b) => a / b;

        public Vector<T> Sqrt(Vector<T> a) => Vector.SquareRoot(a);
    }
}
