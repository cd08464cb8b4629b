using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>
/// Attributes of each kind of generated class, small (unrolled) and large, dense and recurrent, with and
/// without a weights file (with and without scaling), for tests that hold every kind to a rule.
/// </summary>
public static class GeneratedKinds
{
    private static readonly string[] WeightsFixtures =
    [
        "testnet_2_3_2_sigmoid_softmax.onnx", "relu_16_32_32_4_softmax_opset17.onnx", "regression_scaled_3_8_2_opset17.onnx",
        "recurrent_gru_3_6_2_batch_first_last_step.onnx", "recurrent_gru_4_8_3_every_step.onnx", "recurrent_gru_5_28_4_batch_first_last_step_large.onnx",
        "recurrent_scaled_gru_3_6_2_batch_first_every_step.onnx", "recurrent_scaled_lstm_4_20_3_last_step_large.onnx",
    ];

    /// <summary>Every kind as (recurrent, weights, frozen): a frozen class has a weights file.</summary>
    public static TheoryData<bool, bool, bool> All => new()
    {
        { false, false, false }, { false, true, false }, { false, true, true },
        { true, false, false }, { true, true, false }, { true, true, true },
    };

    /// <summary>The attributes' arguments of the kind, without Frozen.</summary>
    public static string[] Attributes(bool recurrent, bool weights) => (recurrent, weights) switch
    {
        (false, false) => ["2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy", "3, 4, 2, Activation.Tanh, Loss.MeanSquaredError"],
        (false, true) => [
            "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = \"testnet_2_3_2_sigmoid_softmax.onnx\"",
            "16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy, Weights = \"relu_16_32_32_4_softmax_opset17.onnx\"",
            "3, 8, 2, Activation.ReLU, Loss.MeanSquaredError, OutputActivation = Activation.Identity, Weights = \"regression_scaled_3_8_2_opset17.onnx\""],
        (true, false) => ["2, 3, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru }", "16, 32, 4, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm }"],
        (true, true) => WeightsFixtures.Skip(3)
            .Select(file => $"{Runtime.OnnxRecurrentFixtures.Fixture(file).Attribute}, Weights = \"{file}\"").ToArray(),
    };

    /// <summary>The weights files the attributes of a kind with weights name, as the driver's additional files.</summary>
    public static AdditionalText[] Files(bool weights) =>
        weights ? WeightsFixtures.Select(file => (AdditionalText)new DiskFile(WeightsFiles.FixturePath(file))).ToArray() : [];
}
