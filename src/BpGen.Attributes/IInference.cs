using System;

namespace BpGen
{
    /// <summary>
    /// What every generated network of dense layers runs, trainable or frozen: code that only runs a
    /// network (a game's agents, a device's loop) takes this, so the class trained in the editor and the
    /// frozen one that ships serve it alike. <see cref="INetwork{T}"/> adds training and persistence.
    /// </summary>
    /// <typeparam name="T"><c>float</c>, or <c>double</c> with <c>UseDouble = true</c>.</typeparam>
    public interface IInference<T>
        where T : unmanaged
    {
        /// <summary>n₀, the number of inputs.</summary>
        int InputSize { get; }

        /// <summary>n_L, the number of outputs.</summary>
        int OutputSize { get; }

        /// <summary>The forward pass.</summary>
        void Forward(ReadOnlySpan<T> input, Span<T> output);

        /// <summary>Forward of m samples, one after another in <paramref name="inputs"/> and <paramref name="outputs"/>, a block at a time.</summary>
        void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs);
    }
}
