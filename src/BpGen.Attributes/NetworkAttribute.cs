using System;

namespace BpGen
{
    /// <summary>
    /// Turns a <c>partial class</c> into a fixed-topology multilayer perceptron. At compile time BpGen
    /// writes its parameters, <c>Forward</c>, <c>Backward</c>, <c>Update</c> and
    /// <c>InitializeParameters</c> into the class.
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

        /// <summary>Use <c>double</c> instead of <c>float</c> for parameters, inputs and outputs.</summary>
        public bool UseDouble { get; set; }
    }
}
