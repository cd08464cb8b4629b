using System.Collections.Immutable;

namespace BpGen.Generator.Parsing;

/// <summary>
/// The names of the members the generated part of a class declares, by the kind of network, which a
/// member of the class or of a base class must leave free (BPG009); a test generates each kind and
/// holds these lists to the members it finds.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>The members of every generated class.</summary>
    private static readonly ImmutableArray<string> SizeMemberNames = ImmutableArray.Create("InputSize", "OutputSize", "ParameterCount", "Parameters");

    /// <summary>The scaling of every network, frozen or not.</summary>
    private static readonly ImmutableArray<string> ScalingMemberNames = ImmutableArray.Create("InputScaling", "OutputScaling", "_inputScaling", "_outputScaling");

    /// <summary>The members of a dense network that run it, frozen or not (a frozen one's passes apart from its scaling only where its file brings scaling).</summary>
    private static readonly ImmutableArray<string> DenseRunMemberNames = ImmutableArray.Create(
        "Forward",
        "ForwardPass",
        "ForwardScaled",
        "BatchWidth",
        "ForwardBatch",
        "ForwardBatchPass",
        "ForwardBatchScaled");

    /// <summary>The members of a trainable dense network besides those that run it.</summary>
    private static readonly ImmutableArray<string> DenseTrainMemberNames = ImmutableArray.Create(
        "Backward",
        "BackwardPass",
        "BackwardScaled",
        "TrainStep",
        "TrainStepPass",
        "TrainStepScaled",
        "BackwardBatch",
        "BackwardBatchPass",
        "BackwardBatchScaled");

    /// <summary>The members of a network with Gru or Lstm layers that run it, frozen or not (a frozen one's passes apart from its scaling only where its file brings scaling).</summary>
    private static readonly ImmutableArray<string> RecurrentRunMemberNames = ImmutableArray.Create(
        "StateSize", "Step", "StepPass", "StepScaled", "StepBatch", "StepBatchPass", "StepBatchScaled", "StepLanes", "StepStreams", "ForwardSequence");

    /// <summary>The members of a trainable network with Gru or Lstm layers besides those that run it.</summary>
    private static readonly ImmutableArray<string> RecurrentTrainMemberNames = ImmutableArray.Create(
        "RecordSizePerStep",
        "BackwardSequence",
        "RecordSequence",
        "BackPropagateSequence",
        "AddRecurrentWeightGradients",
        "BackwardSequences",
        "RecordSequences");

    /// <summary>The members of every trainable network: parameters, their initialization, training and persistence.</summary>
    private static readonly ImmutableArray<string> TrainableMemberNames = ImmutableArray.Create(
        "_parameters",
        "InitializeParameters",
        "CreateInitialParameters",
        "FillInitialParameters",
        "Update",
        "Train",
        "Evaluate",
        "Signature",
        "SaveParameters",
        "LoadParameters",
        "ExportParametersJson",
        "ImportParametersJson",
        "ImportOnnx");

    /// <summary>
    /// Every member the generated part of a class declares, by the kind of network the attribute
    /// describes; a member of the class of one of these names is BPG009.
    /// </summary>
    public static ImmutableArray<string> Names(bool recurrent, bool weights, bool frozen)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        names.AddRange(SizeMemberNames);
        names.AddRange(ScalingMemberNames);
        names.AddRange(recurrent ? RecurrentRunMemberNames : DenseRunMemberNames);
        if (weights)
        {
            names.Add("CompiledWeightData");
        }

        if (weights && frozen)
        {
            return names.ToImmutable();
        }

        names.AddRange(TrainableMemberNames);
        names.AddRange(recurrent ? RecurrentTrainMemberNames : DenseTrainMemberNames);
        if (weights)
        {
            names.Add("RestoreCompiledWeights");
            names.Add("CompiledInputScaling");
            names.Add("CompiledOutputScaling");
        }

        return names.ToImmutable();
    }

    /// <summary>
    /// The generated methods that take spans of the network's numbers: a base class's method of one of
    /// these names is an overload of it (the same spans in a base class's method aside), not hidden.
    /// </summary>
    private static readonly ImmutableHashSet<string> SpanMethodNames = ImmutableHashSet.Create(
        "Forward", "ForwardPass", "ForwardScaled", "Backward", "BackwardPass", "BackwardScaled", "TrainStep", "TrainStepPass", "TrainStepScaled",
        "ForwardBatch", "ForwardBatchPass", "ForwardBatchScaled", "BackwardBatch", "BackwardBatchPass", "BackwardBatchScaled", "Update",
        "Step", "StepPass", "StepScaled", "StepBatch", "StepBatchPass", "StepBatchScaled", "StepLanes", "StepStreams", "ForwardSequence", "BackwardSequence", "RecordSequence", "BackPropagateSequence",
        "AddRecurrentWeightGradients", "BackwardSequences", "RecordSequences");

    /// <summary>Whether the generated method <paramref name="name"/> takes spans of the network's numbers, so a base class's method of that name is an overload of it.</summary>
    public static bool TakesSpans(string name) => SpanMethodNames.Contains(name);

    /// <summary>
    /// The types of the parameters of the generated method <paramref name="name"/> that takes no spans,
    /// fully qualified as Roslyn displays them, for a network of <paramref name="numeric"/> ("float" or
    /// "double"): a base class's method of those types the generated one would hide; of others, among them
    /// the same names with other type arguments, it is an overload. Null where the member is not such a method.
    /// </summary>
    public static string[]? Parameters(string name, bool recurrent, string numeric) => name switch
    {
        "InitializeParameters" => new[] { "int" },
        "SaveParameters" or "LoadParameters" or "ImportOnnx" => new[] { "global::System.IO.Stream" },
        "ExportParametersJson" => new[] { "global::System.IO.TextWriter" },
        "ImportParametersJson" => new[] { "global::System.IO.TextReader" },
        "Train" => new[] { DataSet(recurrent, numeric), "global::BpGen.TrainingOptions", DataSet(recurrent, numeric) },
        "Evaluate" => new[] { DataSet(recurrent, numeric) },
        "CreateInitialParameters" or "RestoreCompiledWeights" => new string[0],
        "FillInitialParameters" => new[] { $"global::System.Span<{numeric}>", "int" },
        _ => null,
    };

    private static string DataSet(bool recurrent, string numeric) => $"global::BpGen.{(recurrent ? "SequenceDataSet" : "DataSet")}<{numeric}>";
}
