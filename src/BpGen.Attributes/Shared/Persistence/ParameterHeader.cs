using System;
using System.Linq;
using static System.FormattableString;

namespace BpGen
{
    /// <summary>
    /// The network a BpGen parameter file, binary or JSON, says it holds. It is made only from a
    /// header that describes a network (<see cref="FromCodes"/>, <see cref="FromNames"/>): at least two
    /// layer sizes and at most <see cref="NetworkLimits.MaxNeurons"/>, each at least 1, a defined
    /// activation and a kind per weight layer, a defined loss, 4- or 8-byte values. Whether its kinds
    /// keep <see cref="LayerKinds"/>' rule is <see cref="KindProblem"/>, which the readers report in its own words. Whether it is the network the
    /// caller wants is the caller's question.
    /// </summary>
    internal sealed class ParameterHeader
    {
        /// <summary>
        /// The format version BpGen writes, binary and JSON alike. Version 2 added a kind per layer (Dense,
        /// Gru, Lstm) and the input and output scaling; version 1 files, which have neither (every layer
        /// dense), are still read.
        /// </summary>
        public const int FormatVersion = 2;

        /// <summary>Whether BpGen reads files of format <paramref name="version"/>.</summary>
        public static bool IsReadable(int version) => version is 1 or FormatVersion;

        /// <summary>The versions BpGen reads, for messages about one it does not.</summary>
        public const string ReadableVersions = "versions 1 and 2";

        private ParameterHeader(int elementSize, Loss loss, int[] sizes, Activation[] activations, Layer[] kinds)
        {
            ElementSize = elementSize;
            Loss = loss;
            Sizes = sizes;
            Activations = activations;
            Kinds = kinds;
        }

        /// <summary>4 (float) or 8 (double).</summary>
        public int ElementSize { get; }

        public bool UseDouble => ElementSize == 8;

        public Loss Loss { get; }

        /// <summary>n₀ … n_L.</summary>
        public int[] Sizes { get; }

        /// <summary>f₁ … f_L.</summary>
        public Activation[] Activations { get; }

        /// <summary>What each weight layer 1 … L is.</summary>
        public Layer[] Kinds { get; }

        /// <summary>Where the values the file holds sit.</summary>
        public ParameterLayout Layout => new(Sizes, Kinds);

        /// <summary>The values the file holds.</summary>
        public long ParameterCount => Layout.Count;

        /// <summary>How the kinds break <see cref="LayerKinds"/>' rule ("layer 1 is a Gru layer with activation Sigmoid; …"), or null.</summary>
        public string? KindProblem => LayerKinds.FindProblem(Kinds, Activations);

        /// <summary>"float" or "double", as the JSON form and messages name the element type.</summary>
        public string ElementType => UseDouble ? "double" : "float";

        /// <summary>The activations by name, as the JSON form writes them.</summary>
        public static string[] ActivationNames => Enum.GetNames(typeof(Activation));

        /// <summary>The layer kinds BpGen reads, for messages about one it does not.</summary>
        public static string KnownKinds { get; } = "layers of kind " + string.Join(", ", Array.ConvertAll(Enum.GetNames(typeof(Layer)), name => Invariant($"{name} ({(int)Enum.Parse(typeof(Layer), name)})")));

        /// <summary>The losses by name, as the JSON form writes them.</summary>
        public static string[] LossNames => Enum.GetNames(typeof(Loss));

        /// <summary>What a header must describe, for the messages about one that does not.</summary>
        public static string Rule { get; } = Invariant(
            $"BpGen reads 4- or 8-byte values of a network of at least two layers of at least one neuron each, {NetworkLimits.MaxNeurons} neurons in all, with a defined activation per weight layer and a defined loss");

        /// <summary>Layer sizes for a message, "2-3-2": the first eight and their count where there are more, so a message stays short whatever a file holds.</summary>
        public static string SizesText(int[] sizes) =>
            sizes.Length <= 8 ? string.Join("-", sizes) : Invariant($"{string.Join("-", sizes.Take(8))}-… ({sizes.Length} sizes)");

        /// <summary>Whether <paramref name="count"/> layer sizes could belong to a BpGen network.</summary>
        public static bool IsLayerCount(int count) => count >= 2 && count <= NetworkLimits.MaxNeurons;

        /// <summary>The header the binary format's codes describe, or null when they describe no network.</summary>
        public static ParameterHeader? FromCodes(int elementSize, int loss, int[] sizes, int[] activations, Layer[] kinds) =>
            Enum.IsDefined(typeof(Loss), loss) && Array.TrueForAll(activations, a => Enum.IsDefined(typeof(Activation), a))
                ? Checked(elementSize, (Loss)loss, sizes, Array.ConvertAll(activations, a => (Activation)a), kinds)
                : null;

        /// <summary>
        /// The header the JSON form's names describe (each one of <see cref="LossNames"/> or
        /// <see cref="ActivationNames"/>), or null when they describe no network.
        /// </summary>
        public static ParameterHeader? FromNames(int elementSize, string loss, int[] sizes, string[] activations, Layer[] kinds) =>
            Checked(elementSize, Parse<Loss>(loss), sizes, Array.ConvertAll(activations, Parse<Activation>), kinds);

        /// <summary>
        /// The generator refuses networks of more than <see cref="NetworkLimits.MaxNeurons"/> neurons, so no
        /// file holds one; the bound also keeps every count derived from the sizes small.
        /// </summary>
        private static ParameterHeader? Checked(int elementSize, Loss loss, int[] sizes, Activation[] activations, Layer[] kinds) =>
            elementSize is 4 or 8 && IsLayerCount(sizes.Length) && Array.TrueForAll(sizes, size => size >= 1) && activations.Length == sizes.Length - 1
                && kinds.Length == activations.Length && Neurons(sizes) <= NetworkLimits.MaxNeurons
                ? new ParameterHeader(elementSize, loss, sizes, activations, kinds)
                : null;

        private static long Neurons(int[] sizes)
        {
            long neurons = 0;
            foreach (int size in sizes)
            {
                neurons += size;
            }

            return neurons;
        }

        private static TEnum Parse<TEnum>(string name)
            where TEnum : struct => (TEnum)Enum.Parse(typeof(TEnum), name);
    }
}
