using System;
using System.IO;

namespace BpGen
{
    /// <summary>
    /// What every generated network with Gru or Lstm layers offers, so code can work with any of them:
    /// one time step with the caller's state (<see cref="IRecurrentInference{T}.Step"/>), a whole sequence
    /// (<see cref="IRecurrentInference{T}.ForwardSequence"/>), backpropagation through time (<see cref="BackwardSequence(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>,
    /// and <see cref="BackwardSequences"/> for many sequences of one length), the gradient step
    /// (<see cref="Update"/>), training and evaluation on sequences, and saving and loading the parameters
    /// in BpGen's binary and JSON formats, with the input and output scaling. Each trainable [Network] class with such layers implements it; a
    /// frozen one <see cref="IRecurrentInference{T}"/> only, the steps this interface extends.
    /// </summary>
    /// <typeparam name="T"><c>float</c> or <c>double</c>, as the attribute's UseDouble says.</typeparam>
    public interface IRecurrentNetwork<T> : IRecurrentInference<T>
        where T : unmanaged
    {
        /// <summary>Every weight and bias.</summary>
        int ParameterCount { get; }

        /// <summary>The values <see cref="BackwardSequence(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/> records per step.</summary>
        int RecordSizePerStep { get; }

        /// <summary>Element type, layer sizes and kinds, activations and loss.</summary>
        NetworkSignature Signature { get; }

        /// <summary>Every weight and bias, writable, in the layout the generated class documents.</summary>
        Span<T> Parameters { get; }

        /// <summary>
        /// The standardization of raw inputs applied at every step before the first layer by every method
        /// that takes inputs, or null; saved and loaded with the parameters.
        /// </summary>
        Standardizer? InputScaling { get; set; }

        /// <summary>
        /// A regression network's standardization of its targets (each step's outputs mapped back, targets
        /// standardized before the loss), or null; saved and loaded with the parameters.
        /// </summary>
        Standardizer? OutputScaling { get; set; }

        /// <summary>Sets every parameter from <paramref name="seed"/>, the same on every machine.</summary>
        void InitializeParameters(int seed);

        /// <summary>
        /// Backpropagation through time over one sequence from the zero state: adds ∂J/∂θ into
        /// <paramref name="gradient"/> and returns J, the mean loss over the steps with a target (every
        /// step, or the last when <paramref name="targets"/> holds one step's).
        /// </summary>
        T BackwardSequence(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient);

        /// <summary>
        /// Backpropagation through time over one sequence, or one window of a longer stream, from
        /// <paramref name="state"/>, which it advances to the state after the last step: the gradient
        /// stops at that start state (truncated backpropagation). Records the steps in
        /// <paramref name="record"/>, the caller's buffer of at least T · <see cref="RecordSizePerStep"/>
        /// values, so it takes bounded stack and allocates nothing for any length.
        /// </summary>
        T BackwardSequence(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient, Span<T> state, Span<T> record);

        /// <summary>
        /// Backpropagation through time over m sequences of <paramref name="steps"/> steps each, one after
        /// another in <paramref name="inputs"/>, every one from the zero state: adds Σ_i ∂J_i/∂θ into
        /// <paramref name="gradient"/> and returns Σ_i J_i, as <see cref="BackwardSequence(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
        /// would for each in turn. A network on the kernel path runs the sequences' forward passes together,
        /// as <see cref="IRecurrentInference{T}.StepBatch"/> runs streams. <paramref name="records"/> holds at least
        /// m · steps · <see cref="RecordSizePerStep"/> values; nothing is allocated.
        /// </summary>
        T BackwardSequences(int steps, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient, Span<T> records);

        /// <summary>One gradient-descent step with the gradient of <paramref name="batchSize"/> sequences, which it then clears.</summary>
        void Update(Span<T> gradient, T learningRate, int batchSize = 1, T l2 = default);

        /// <summary>Trains on <paramref name="training"/>; see <see cref="Trainer.Train(IRecurrentNetwork{float}, SequenceDataSet{float}, TrainingOptions, SequenceDataSet{float})"/>.</summary>
        TrainingReport Train(SequenceDataSet<T> training, TrainingOptions options, SequenceDataSet<T>? validation = null);

        /// <summary>The mean sequence loss and the accuracy on <paramref name="data"/>; parameters are not changed.</summary>
        Evaluation Evaluate(SequenceDataSet<T> data);

        /// <summary>Writes the parameters in BpGen's binary format.</summary>
        void SaveParameters(Stream stream);

        /// <summary>Reads parameters in BpGen's binary format, checked whole before anything changes.</summary>
        void LoadParameters(Stream stream);

        /// <summary>Writes the parameters as readable JSON, a recurrent layer's under PyTorch's names.</summary>
        void ExportParametersJson(TextWriter writer);

        /// <summary>Reads parameters from JSON, checked whole before anything changes.</summary>
        void ImportParametersJson(TextReader reader);

        /// <summary>Reads the weights of an ONNX model exported from PyTorch of the same layers, checked whole before anything changes.</summary>
        void ImportOnnx(Stream stream);
    }
}
