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
        }

        return names.ToImmutable();
    }

    /// <summary>
    /// The parameter types of each overload of the generated method <paramref name="name"/>, fully
    /// qualified as Roslyn displays them, for a network of <paramref name="numeric"/> ("float" or
    /// "double"): a base class's method of the same types the generated one would hide (CS0108, CS0114);
    /// of other types, among them the same spans of another number type, it is an overload. Null where
    /// the member is not a method.
    /// </summary>
    public static string[][]? Signatures(string name, bool recurrent, string numeric)
    {
        string t = numeric, s = $"global::System.Span<{numeric}>", r = $"global::System.ReadOnlySpan<{numeric}>";
        string[] One(params string[] types) => types;
        return name switch
        {
            "Forward" or "ForwardPass" or "ForwardScaled" or "ForwardBatch" or "ForwardBatchPass" or "ForwardBatchScaled" or "ForwardSequence" => new[] { One(r, s) },
            "Backward" or "BackwardPass" or "BackwardScaled" or "BackwardBatch" or "BackwardBatchPass" or "BackwardBatchScaled" => new[] { One(r, r, s) },
            "TrainStep" or "TrainStepPass" or "TrainStepScaled" => new[] { One(r, r, t, t) },
            "Update" => new[] { One(s, t, "int", t) },
            "Step" or "StepPass" or "StepScaled" or "StepBatch" or "StepBatchPass" or "StepBatchScaled" or "StepLanes" or "StepStreams" => new[] { One(r, s, s) },
            "BackwardSequence" => new[] { One(r, r, s), One(r, r, s, s, s) },
            "BackwardSequences" => new[] { One("int", r, r, s, s) },
            "RecordSequence" => new[] { One(r, "bool", s, s) },
            "RecordSequences" => new[] { One("int", "bool", r, s) },
            "BackPropagateSequence" => new[] { One(r, r, "bool", s, s) },
            "AddRecurrentWeightGradients" => new[] { One("int", r, s, s) },
            "InitializeParameters" => new[] { One("int") },
            "SaveParameters" or "LoadParameters" or "ImportOnnx" => new[] { One("global::System.IO.Stream") },
            "ExportParametersJson" => new[] { One("global::System.IO.TextWriter") },
            "ImportParametersJson" => new[] { One("global::System.IO.TextReader") },
            "Train" => new[] { One(DataSet(recurrent, numeric), "global::BpGen.TrainingOptions", DataSet(recurrent, numeric)) },
            "Evaluate" => new[] { One(DataSet(recurrent, numeric)) },
            "CreateInitialParameters" or "RestoreCompiledWeights" => new[] { One() },
            "FillInitialParameters" => new[] { One(s, "int") },
            _ => null,
        };
    }

    private static string DataSet(bool recurrent, string numeric) => $"global::BpGen.{(recurrent ? "SequenceDataSet" : "DataSet")}<{numeric}>";
}
