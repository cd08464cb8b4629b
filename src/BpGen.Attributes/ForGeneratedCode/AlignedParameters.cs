using System;
using System.ComponentModel;
#if NET5_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#endif

namespace BpGen
{
    /// <summary>
    /// θ of a network on the kernel path: its values in an array the garbage collector never moves, from a
    /// 32-byte boundary on. The kernels load weight rows as 256-bit vectors, and .NET aligns an array's
    /// values to 8 bytes only: where they started 8 bytes past a 32-byte boundary, a GRU step of 64 units
    /// took 1.2 times as long (docs/performance.md). It converts to the spans that the generated code and
    /// the persistence methods take; copies share the values. Where the runtime cannot pin an array
    /// (netstandard builds) the values sit in an ordinary array, aligned or not, and where an array's
    /// values start off a multiple of their own size (doubles on some 32-bit runtimes) no whole number of
    /// them reaches the boundary, so they start as close before it as they can.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct AlignedParameters<T>
        where T : unmanaged
    {
        private const int Boundary = 32;
        private readonly T[] _array;
        private readonly int _start;
        private readonly int _count;

        /// <summary><paramref name="count"/> values, all zero.</summary>
        public AlignedParameters(int count)
        {
            if (count < 0 || count > NetworkErrors.LargestArray - Boundary)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, $"A network holds 0 to {NetworkErrors.LargestArray - Boundary} parameters, but count is {count}.");
            }

#if NET5_0_OR_GREATER
            int size = Unsafe.SizeOf<T>();
            _array = GC.AllocateArray<T>(count + (Boundary / size) - 1, pinned: true);
            _start = (int)((Boundary - (AddressOf(ref MemoryMarshal.GetArrayDataReference(_array)) % Boundary)) % Boundary / size);
#else
            _array = new T[count];
            _start = 0;
#endif
            _count = count;
        }

#if NET5_0_OR_GREATER
        /// <summary>Where <paramref name="value"/> sits in memory; it must not move (pinned, or on the stack).</summary>
        internal static unsafe long AddressOf(ref T value) => (long)Unsafe.AsPointer(ref value);
#endif

        /// <summary>The values, writable.</summary>
        public Span<T> Span => new Span<T>(_array, _start, _count);

        /// <summary>The values, writable, as θ in the generated code.</summary>
        public static implicit operator Span<T>(AlignedParameters<T> parameters) => parameters.Span;

        /// <summary>The values, read only, as θ in the generated code.</summary>
        public static implicit operator ReadOnlySpan<T>(AlignedParameters<T> parameters) => parameters.Span;
    }
}
