using System;
using System.Runtime.InteropServices;

namespace BpGen.Onnx
{
    /// <summary>
    /// Little-endian values out of a byte array, the same on every machine, without unsafe code or
    /// allocation (the generator allows neither, and netstandard2.0 has no BitConverter.Int32BitsToSingle).
    /// </summary>
    internal static class LittleEndianBits
    {
        public static uint UInt32(byte[] bytes, int start) =>
            bytes[start] | ((uint)bytes[start + 1] << 8) | ((uint)bytes[start + 2] << 16) | ((uint)bytes[start + 3] << 24);

        public static ulong UInt64(byte[] bytes, int start) => UInt32(bytes, start) | ((ulong)UInt32(bytes, start + 4) << 32);

        public static int UInt16(byte[] bytes, int start) => bytes[start] | (bytes[start + 1] << 8);

        public static float ToSingle(uint bits) => new SingleBits { Bits = bits }.Value;

        public static double ToDouble(ulong bits) => BitConverter.Int64BitsToDouble((long)bits);

        /// <summary>IEEE 754 half precision (1 sign, 5 exponent, 10 mantissa bits), exactly.</summary>
        public static double HalfToDouble(int bits)
        {
            int exponent = (bits >> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            double magnitude = exponent switch
            {
                0 => mantissa * Math.Pow(2, -24),
                0x1F => mantissa == 0 ? double.PositiveInfinity : double.NaN,
                _ => (1024 + mantissa) * Math.Pow(2, exponent - 25),
            };
            return (bits & 0x8000) != 0 ? -magnitude : magnitude;
        }

        [StructLayout(LayoutKind.Explicit)]
        private struct SingleBits
        {
            [FieldOffset(0)]
            public uint Bits;

            [FieldOffset(0)]
            public float Value;
        }
    }
}
