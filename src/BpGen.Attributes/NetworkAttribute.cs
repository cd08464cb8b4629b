using System;

namespace BpGen
{
    /// <summary>
    /// Turns a <c>partial class</c> into a fixed-topology neural network of dense layers, and GRU or LSTM
    /// layers where <see cref="HiddenLayers"/> says so. At compile time BpGen writes its parameters and
    /// passes into the class: <c>Forward</c>, <c>Backward</c> and <c>Update</c> for a dense network,
    /// <c>Step</c>, <c>BackwardSequence</c> and <c>Update</c> for a recurrent one, with
    /// <c>InitializeParameters</c>, training and persistence; a <see cref="Frozen"/> class gets the passes
    /// that run it only.
    /// </summary>
    /// <example>
    /// <code>
    /// [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
    /// public partial class TestNet { }
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>A network with no hidden layer: inputs straight to outputs.</summary>
        public NetworkAttribute(int input, int output, Activation activation, Loss loss)
            : this(new[] { input, output }, activation, loss)
        {
        }

        /// <summary>A network with one hidden layer.</summary>
        public NetworkAttribute(int input, int hidden, int output, Activation activation, Loss loss)
            : this(new[] { input, hidden, output }, activation, loss)
        {
        }

        /// <summary>A network with two hidden layers.</summary>
        public NetworkAttribute(int input, int hidden1, int hidden2, int output, Activation activation, Loss loss)
            : this(new[] { input, hidden1, hidden2, output }, activation, loss)
        {
        }

        /// <summary>A network with three hidden layers.</summary>
        public NetworkAttribute(int input, int hidden1, int hidden2, int hidden3, int output, Activation activation, Loss loss)
            : this(new[] { input, hidden1, hidden2, hidden3, output }, activation, loss)
        {
        }

        /// <summary>A network with four hidden layers.</summary>
        public NetworkAttribute(int input, int hidden1, int hidden2, int hidden3, int hidden4, int output, Activation activation, Loss loss)
            : this(new[] { input, hidden1, hidden2, hidden3, hidden4, output }, activation, loss)
        {
        }

        /// <summary>A network of any depth.</summary>
        /// <param name="layers">Layer sizes n₀ (inputs), hidden sizes…, n_L (outputs); at least two.</param>
        /// <param name="activation">The activation of every hidden layer (see <see cref="HiddenActivations"/>).</param>
        /// <param name="loss">The loss, which also fixes the output layer.</param>
        public NetworkAttribute(int[] layers, Activation activation, Loss loss)
        {
            Layers = layers;
            Activation = activation;
            Loss = loss;
        }

        /// <summary>Layer sizes, inputs first, outputs last.</summary>
        public int[] Layers { get; }

        /// <summary>The activation of every hidden layer not given in <see cref="HiddenActivations"/>.</summary>
        public Activation Activation { get; }

        /// <summary>The loss.</summary>
        public Loss Loss { get; }

        /// <summary>
        /// The output layer's activation, for <see cref="Loss.MeanSquaredError"/> only (the other losses
        /// fix the output layer). Unset, the output layer uses <see cref="Activation"/>.
        /// </summary>
        public Activation OutputActivation { get; set; }

        /// <summary>
        /// One activation per hidden layer, first hidden layer first, overriding <see cref="Activation"/>.
        /// Its length must equal the number of hidden layers.
        /// </summary>
        public Activation[]? HiddenActivations { get; set; }

        /// <summary>
        /// What each hidden layer is, first hidden layer first: <see cref="Layer.Dense"/> (the default for
        /// every layer) or a recurrent <see cref="Layer.Gru"/> or <see cref="Layer.Lstm"/> layer, which
        /// carries a state from one time step to the next. Its length must equal the number of hidden
        /// layers; the output layer is always dense. A recurrent layer's activations are fixed (σ for the
        /// gates, tanh for the candidate), so <see cref="HiddenActivations"/>, if given, says
        /// <see cref="Activation.Tanh"/> for it.
        /// </summary>
        public Layer[]? HiddenLayers { get; set; }

        /// <summary>Use <c>double</c> instead of <c>float</c> for parameters, inputs and outputs.</summary>
        public bool UseDouble { get; set; }

        /// <summary>
        /// A file of trained parameters the class starts with instead of seed 0's: BpGen's binary format
        /// (SaveParameters), its JSON (ExportParametersJson), or an ONNX model of dense, GRU and LSTM layers, told apart
        /// by content. The project must list it as <c>&lt;AdditionalFiles Include="models/net.onnx" /&gt;</c>;
        /// the name here matches the end of that path ("net.onnx" or "models/net.onnx"). Read at compile
        /// time: sizes and activations are checked against this attribute, and the values are compiled in
        /// (a file of doubles compiled into a float network is rounded to float, as ONNX's double weights are).
        /// <c>InitializeParameters</c> still re-randomizes; <c>RestoreCompiledWeights()</c> returns to the file's values.
        /// </summary>
        public string? Weights { get; set; }

        /// <summary>
        /// With <see cref="Weights"/>: an inference-only class whose weights are constants compiled into the
        /// code (unrolled networks) or into read-only data (larger ones). It has the passes that run it
        /// (<c>Forward</c> and <c>ForwardBatch</c>; for a recurrent network <c>Step</c>, <c>StepBatch</c> and
        /// <c>ForwardSequence</c>) and a read-only view of the parameters, and no training, loading or saving;
        /// it implements <see cref="IInference{T}"/> (or <see cref="IRecurrentInference{T}"/>), not
        /// <see cref="INetwork{T}"/> or <see cref="IRecurrentNetwork{T}"/>, which promise training.
        /// </summary>
        public bool Frozen { get; set; }
    }
}
