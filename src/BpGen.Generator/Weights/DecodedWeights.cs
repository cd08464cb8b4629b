using BpGen.Generator.Model;
using BpGen.Onnx;

namespace BpGen.Generator.Weights;

/// <summary>
/// A weights file as read, in the terms of the ONNX check so that every format is compared with the
/// attribute the same way: <see cref="Network"/> holds sizes and activations, <see cref="Values"/> the
/// parameters at full precision (a BpGen file of doubles keeps them), <see cref="Loss"/> the loss a BpGen
/// file names (null for ONNX, which has none).
/// </summary>
internal sealed class DecodedWeights
{
    public DecodedWeights(string format, OnnxDenseNetwork network, double[] values, Loss? loss)
    {
        Format = format;
        Network = network;
        Values = values;
        Loss = loss;
    }

    /// <summary>"ONNX", "BpGen binary" or "BpGen JSON".</summary>
    public string Format { get; }

    public OnnxDenseNetwork Network { get; }

    public double[] Values { get; }

    public Loss? Loss { get; }
}
