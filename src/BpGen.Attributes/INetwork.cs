using System;
using System.IO;

namespace BpGen
{
    /// <summary>
    /// What every trainable generated network of dense layers offers, for code that works with any of
    /// them: a training loop, a benchmark, a UI. Each such [Network] class implements it for its element
    /// type; one with GRU or LSTM layers implements <see cref="IRecurrentNetwork{T}"/>, and a frozen one
    /// <see cref="IInference{T}"/> only, the passes this interface extends.
    /// </summary>
    /// <typeparam name="T"><c>float</c>, or <c>double</c> with <c>UseDouble = true</c>.</typeparam>
    public interface INetwork<T> : IInference<T>
        where T : unmanaged
    {
        /// <summary>The number of weights and biases.</summary>
        int ParameterCount { get; }

        /// <summary>Element type, sizes, activations and loss.</summary>
        NetworkSignature Signature { get; }

        /// <summary>Every weight and bias, writable, layer after layer: W^l row-major, then b^l.</summary>
        Span<T> Parameters { get; }

        /// <summary>
        /// The standardization of raw inputs applied before the first layer by every method that takes
        /// inputs, or null; saved and loaded with the parameters.
        /// </summary>
        Standardizer? InputScaling { get; set; }

        /// <summary>
        /// A regression network's standardization of its targets (outputs mapped back, targets standardized
        /// before the loss), or null; saved and loaded with the parameters.
        /// </summary>
        Standardizer? OutputScaling { get; set; }

        /// <summary>Seeded Glorot or He weights and zero biases, the same on every machine.</summary>
        void InitializeParameters(int seed);

        /// <summary>Adds one sample's gradient into <paramref name="gradient"/> and returns its loss.</summary>
        T Backward(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient);

        /// <summary>Adds the sum of m samples' gradients into <paramref name="gradient"/> and returns the sum of their losses, a block at a time.</summary>
        T BackwardBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient);

        /// <summary>One gradient-descent step, then clears <paramref name="gradient"/>.</summary>
        void Update(Span<T> gradient, T learningRate, int batchSize = 1, T l2 = default);

        /// <summary>Backward and Update(batch size 1) of one sample: exactly the same parameters, fused where that is faster.</summary>
        T TrainStep(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate, T l2 = default);

        /// <summary>Trains on <paramref name="training"/>.</summary>
        TrainingReport Train(DataSet<T> training, TrainingOptions options, DataSet<T> validation = default);

        /// <summary>Mean loss and accuracy on <paramref name="data"/>.</summary>
        Evaluation Evaluate(DataSet<T> data);

        /// <summary>Writes the parameters in BpGen's binary format.</summary>
        void SaveParameters(Stream stream);

        /// <summary>Reads parameters in BpGen's binary format, checked whole before anything changes.</summary>
        void LoadParameters(Stream stream);

        /// <summary>Writes the parameters as readable JSON.</summary>
        void ExportParametersJson(TextWriter writer);

        /// <summary>Reads parameters from JSON, checked whole before anything changes.</summary>
        void ImportParametersJson(TextReader reader);

        /// <summary>Reads the weights of a dense ONNX model of the same topology, checked whole before anything changes.</summary>
        void ImportOnnx(Stream stream);
    }
}
