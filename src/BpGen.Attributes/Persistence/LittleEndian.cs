using System;

namespace BpGen
{
    /// <summary>Converts between this machine's byte order and the little-endian order of files.</summary>
    internal static class LittleEndian
    {
        /// <summary>
        /// A copy of <paramref name="bytes"/> (values of <paramref name="elementSize"/> bytes each) in the
        /// other byte order on a big-endian machine, unchanged on a little-endian one. The same call
        /// converts both ways.
        /// </summary>
        public static byte[] ToBytes(ReadOnlySpan<byte> bytes, int elementSize)
        {
            byte[] copy = bytes.ToArray();
            if (!BitConverter.IsLittleEndian)
            {
                for (int start = 0; start < copy.Length; start += elementSize)
                {
                    Array.Reverse(copy, start, elementSize);
                }
            }

            return copy;
        }
    }
}
