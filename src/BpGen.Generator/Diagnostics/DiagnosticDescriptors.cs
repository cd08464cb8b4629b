using Microsoft.CodeAnalysis;

namespace BpGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic BpGen reports. IDs are stable: never reuse or renumber one, and record each
/// new one in AnalyzerReleases.Unshipped.md and in docs/diagnostics.md. Help links point at that page's
/// entry for the ID, under the project's home (BpGenDocumentationUrl); with no home, there is no link.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "BpGen";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        DiagnosticIds.NotPartial,
        "Network class must be partial",
        "'{0}' must be declared partial so that BpGen can add the network's members to it",
        "Add the 'partial' modifier to '{0}' and to every class that contains it.");

    public static readonly DiagnosticDescriptor TooFewLayers = Create(
        DiagnosticIds.TooFewLayers,
        "A network needs at least two layer sizes",
        "A network needs at least 2 layer sizes (inputs and outputs), but it has {0}",
        "Give the input size, any hidden sizes, and the output size, e.g. [Network(2, 3, 2, ...)].");

    public static readonly DiagnosticDescriptor NonPositiveSize = Create(
        DiagnosticIds.NonPositiveSize,
        "Layer sizes must be positive",
        "Layer size {0} at position {1} must be at least 1",
        "Every layer needs at least one neuron.");

    public static readonly DiagnosticDescriptor SoftmaxNeedsTwoOutputs = Create(
        DiagnosticIds.SoftmaxNeedsTwoOutputs,
        "SoftmaxCrossEntropy needs at least two outputs",
        "SoftmaxCrossEntropy needs at least 2 outputs, but the network has {0}; use Loss.BinaryCrossEntropy for a single yes/no output",
        "Softmax over one output is always 1, so the network could not learn.");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Create(
        DiagnosticIds.UndefinedEnumValue,
        "Undefined enum value",
        "{0} is not a defined {1} value; use one of: {2}",
        "The attribute was given a number cast to the enum that names no member.");

    public static readonly DiagnosticDescriptor OutputActivationWithFixedOutput = Create(
        DiagnosticIds.OutputActivationWithFixedOutput,
        "OutputActivation needs MeanSquaredError",
        "OutputActivation applies only to Loss.MeanSquaredError; {0} fixes the output layer ({1}), so remove OutputActivation",
        "Softmax and binary cross-entropy decide the output layer themselves.");

    public static readonly DiagnosticDescriptor HiddenActivationsLength = Create(
        DiagnosticIds.HiddenActivationsLength,
        "HiddenActivations must have one entry per hidden layer",
        "HiddenActivations has {0} entries, but the network has {1} hidden layers",
        "Give exactly one activation per hidden layer, first hidden layer first.");

    public static readonly DiagnosticDescriptor HiddenLayersLength = Create(
        DiagnosticIds.HiddenLayersLength,
        "HiddenLayers must have one entry per hidden layer",
        "HiddenLayers has {0} entries, but the network has {1} hidden layers",
        "Give exactly one Layer per hidden layer, first hidden layer first; the output layer is always dense.");

    public static readonly DiagnosticDescriptor RecurrentLayerActivation = Create(
        DiagnosticIds.RecurrentLayerActivation,
        "A recurrent layer's activations are fixed",
        "Hidden layer {0} is a Layer.{1} layer, whose activations are fixed (σ for the gates, tanh for the candidate), but HiddenActivations gives it Activation.{2}",
        "HiddenActivations must say Activation.Tanh for a Gru or Lstm layer, or be left out.");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Create(
        DiagnosticIds.LanguageVersionTooLow,
        "C# 8 or later is needed",
        "BpGen writes '{0}' in C# 8, but this project compiles C# {1}; set <LangVersion>8</LangVersion> or later in the project file",
        "The generated code uses C# 8 (nullable annotations, #nullable); below it, this one error stands in for the compiler's errors in the generated files.");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Create(
        DiagnosticIds.NetworkTooLarge,
        "Network too large",
        "The network has {0} neurons over all layers; BpGen accepts at most {1}",
        "Scratch space for one sample lives on the stack, which bounds the network's size.");

    public static readonly DiagnosticDescriptor MemberAlreadyDeclared = Create(
        DiagnosticIds.MemberAlreadyDeclared,
        "Class already declares a generated member",
        "'{0}' already {1}, which BpGen generates; rename or remove it",
        "BpGen adds these members to the class, and C# allows only one of each; a base class's member of the same name would be hidden.");

    public static readonly DiagnosticDescriptor UnsupportedTarget = Create(
        DiagnosticIds.UnsupportedTarget,
        "Unsupported network class",
        "'{0}' cannot hold a network: {1}",
        "A network is an instance class: not static, not file-local, not named like a member BpGen generates or 'var' (nor are its type parameters), without a member named 'nameof', and not derived from another network class.");

    public static readonly DiagnosticDescriptor WeightsFileNotListed = Create(
        DiagnosticIds.WeightsFileNotListed,
        "Weights file is not an additional file",
        "No additional file matches Weights = \"{0}\"; {1}",
        "BpGen reads weights only from files the project lists as AdditionalFiles, so the build knows to recompile when they change.",
        notConfigurable: true);

    public static readonly DiagnosticDescriptor WeightsFileAmbiguous = Create(
        DiagnosticIds.WeightsFileAmbiguous,
        "Weights file name matches several additional files",
        "Weights = \"{0}\" matches {1} additional files ({2}); give more of the path so that it names one",
        "The name is matched against the end of each additional file's path, segment by segment.",
        notConfigurable: true);

    public static readonly DiagnosticDescriptor WeightsFileUnreadable = Create(
        DiagnosticIds.WeightsFileUnreadable,
        "Weights file cannot be read",
        "The weights file '{0}' cannot be read. {1}",
        "A weights file is BpGen's binary format, its JSON, or an ONNX model of dense, GRU and LSTM layers; it must be whole and well-formed.",
        notConfigurable: true);

    public static readonly DiagnosticDescriptor WeightsSizeMismatch = Create(
        DiagnosticIds.WeightsSizeMismatch,
        "Weights file has other layers",
        "The weights file '{0}' does not fit this network: {1}",
        "The file's layers, their sizes and kinds, must be the attribute's.",
        notConfigurable: true);

    public static readonly DiagnosticDescriptor WeightsActivationMismatch = Create(
        DiagnosticIds.WeightsActivationMismatch,
        "Weights file has other activations",
        "The weights file '{0}' does not fit this network: {1}",
        "Each layer's activation in the file must be the attribute's; for the output layer, the one the loss implies.",
        notConfigurable: true);

    public static readonly DiagnosticDescriptor WeightsTooLargeToCompileIn = Create(
        DiagnosticIds.WeightsTooLargeToCompileIn,
        "Weights too large to compile in",
        "The weights file '{0}' holds {1} parameters, {2} bytes as {3}s, more than the {4} bytes BpGen compiles into a class (each value is a literal the compiler parses and holds, which far beyond this takes it gigabytes); load the file at run time instead: a class without Weights, then LoadParameters, ImportParametersJson or ImportOnnx",
        "Compiled-in weights are written as one literal a value; the limit keeps a build within seconds and the compiler's memory small, and larger networks are loaded from the file when the program starts.",
        notConfigurable: true);

    public static readonly DiagnosticDescriptor WeightsLossMismatch = Create(
        DiagnosticIds.WeightsLossMismatch,
        "Weights file is for another loss",
        "The weights file '{0}' does not fit this network: {1}",
        "A BpGen file's loss must be the attribute's; an ONNX graph may end with a Softmax only for SoftmaxCrossEntropy, and scale its outputs only for MeanSquaredError.",
        notConfigurable: true);

    public static readonly DiagnosticDescriptor WeightsNotFinite = Create(
        DiagnosticIds.WeightsNotFinite,
        "Weights file holds a value that is not finite",
        "The weights file '{0}' holds a value that is not finite. {1}",
        "NaN or infinity in a weight is a broken network; BpGen compiles in finite values only.",
        notConfigurable: true);

    public static readonly DiagnosticDescriptor FrozenWithoutWeights = Create(
        DiagnosticIds.FrozenWithoutWeights,
        "Frozen needs Weights",
        "Frozen = true makes the weights constants, so it needs Weights = \"…\" naming the file they come from",
        "A frozen network cannot train, so its weights must come from a file compiled in.");

    /// <param name="id">The ID.</param>
    /// <param name="title">The title.</param>
    /// <param name="message">The message format.</param>
    /// <param name="description">The longer description.</param>
    /// <param name="notConfigurable">
    /// Whether no severity setting, NoWarn, #pragma or suppressor can turn the error off. So for a weights
    /// file's error (BPG011–BPG016): it comes with the class generated from placeholder parameters
    /// (zeros) so that code using the class still binds, and must fail every build so the zeros never run.
    /// </param>
    private static DiagnosticDescriptor Create(string id, string title, string message, string description, bool notConfigurable = false) =>
        new(
            id,
            title,
            message,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(DocumentationUrl.Value, id),
            customTags: notConfigurable ? new[] { WellKnownDiagnosticTags.NotConfigurable } : new string[0]);

    /// <summary>
    /// <paramref name="documentationUrl"/>/docs/diagnostics.md#bpg001 for BPG001, or empty (Roslyn's "no
    /// link") when there is no documentation URL.
    /// </summary>
    internal static string HelpLink(string documentationUrl, string id) =>
        documentationUrl.Length == 0 ? "" : documentationUrl.TrimEnd('/') + "/docs/diagnostics.md#" + id.ToLowerInvariant();
}
