using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// Parameters compiled into a generated network as read-only data (<c>Weights = "…"</c>): the values
    /// are stored little-endian in the assembly, and read in place, without a copy or an allocation.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class CompiledWeights
    {
        /// <summary>The floats stored in <paramref name="data"/>.</summary>
        /// <exception cref="PlatformNotSupportedException">The machine is big-endian, where the stored bytes would read as other numbers.</exception>
        public static ReadOnlySpan<float> Singles(ReadOnlySpan<byte> data) => MemoryMarshal.Cast<byte, float>(LittleEndianOnly(WholeValues(data, sizeof(float))));

        /// <summary>The doubles stored in <paramref name="data"/>.</summary>
        /// <exception cref="PlatformNotSupportedException">The machine is big-endian.</exception>
        public static ReadOnlySpan<double> Doubles(ReadOnlySpan<byte> data) => MemoryMarshal.Cast<byte, double>(LittleEndianOnly(WholeValues(data, sizeof(double))));

        private static ReadOnlySpan<byte> WholeValues(ReadOnlySpan<byte> data, int size) =>
            data.Length % size == 0
                ? data
                : throw new ArgumentException($"Compiled-in weights are whole values of {size} bytes, but the data holds {data.Length} bytes.", nameof(data));

        // A constant on every JIT, so the check costs nothing where it passes.
        private static ReadOnlySpan<byte> LittleEndianOnly(ReadOnlySpan<byte> data) =>
            BitConverter.IsLittleEndian
                ? data
                : throw new PlatformNotSupportedException("Compiled-in weights are stored little-endian; this machine is big-endian. Load them from a file into a trainable class with LoadParameters instead.");
    }
}
