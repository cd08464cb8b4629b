using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// The runtime interfaces a generated class implements: a trainable one <c>INetwork&lt;T&gt;</c> or
/// <c>IRecurrentNetwork&lt;T&gt;</c>, a frozen one only what they extend, <c>IInference&lt;T&gt;</c> or
/// <c>IRecurrentInference&lt;T&gt;</c>, so code that only runs a network takes either class. The sizes
/// are constants, so their interface properties are implemented explicitly, each through the interface
/// that declares it.
/// </summary>
internal static class NetworkInterfaces
{
    /// <summary>The interface the class names in its base list.</summary>
    public static string Implemented(NetworkModel model, NumericType t) => model.IsFrozen ? Inference(model, t) : Training(model, t);

    /// <summary>The training interface, which declares Signature, ParameterCount and the training members.</summary>
    public static string Training(NetworkModel model, NumericType t) =>
        model.IsRecurrent ? $"global::BpGen.IRecurrentNetwork<{t.Name}>" : $"global::BpGen.INetwork<{t.Name}>";

    /// <summary>The interface of the passes that run the network, which declares the sizes and the passes.</summary>
    private static string Inference(NetworkModel model, NumericType t) =>
        model.IsRecurrent ? $"global::BpGen.IRecurrentInference<{t.Name}>" : $"global::BpGen.IInference<{t.Name}>";

    /// <summary>The size properties of the interfaces, read from the constants.</summary>
    public static void EmitSizes(CodeWriter w, NetworkModel model, NumericType t)
    {
        var sizes = model.IsRecurrent ? new[] { "InputSize", "OutputSize", "StateSize" } : new[] { "InputSize", "OutputSize" };
        foreach (string size in sizes)
        {
            w.Line(NetworkEmitter.GeneratedCode);
            w.Line($"int {Inference(model, t)}.{size} => {size};");
            w.Line();
        }

        if (!model.IsFrozen)
        {
            w.Line(NetworkEmitter.GeneratedCode);
            w.Line($"int {Training(model, t)}.ParameterCount => ParameterCount;");
            w.Line();
        }
    }
}
