using System;

namespace BpGen
{
    /// <summary>
    /// What every generated network with Gru or Lstm layers runs, trainable or frozen: code that only
    /// steps agents or streams takes this, so the class trained in the editor and the frozen one that
    /// ships serve it alike. <see cref="IRecurrentNetwork{T}"/> adds training and persistence.
    /// </summary>
    /// <typeparam name="T"><c>float</c> or <c>double</c>, as the attribute's UseDouble says.</typeparam>
    public interface IRecurrentInference<T>
        where T : unmanaged
    {
        /// <summary>n₀, the inputs of one step.</summary>
        int InputSize { get; }

        /// <summary>n_L, the outputs of one step.</summary>
        int OutputSize { get; }

        /// <summary>The values of one stream's state: H per GRU layer, 2H (h, then c) per LSTM layer.</summary>
        int StateSize { get; }

        /// <summary>One time step of one stream: reads its input and state, writes its output and its next state.</summary>
        void Step(ReadOnlySpan<T> input, Span<T> state, Span<T> output);

        /// <summary>One time step of m streams at once, each with its own state, as <see cref="Step"/> would do for each alone.</summary>
        void StepBatch(ReadOnlySpan<T> inputs, Span<T> states, Span<T> outputs);

        /// <summary>A whole sequence from the zero state: T steps of inputs in, T steps of outputs out.</summary>
        void ForwardSequence(ReadOnlySpan<T> inputs, Span<T> outputs);
    }
}
