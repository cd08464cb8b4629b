using BpGen.Onnx;
using BpGen.Tests.Infrastructure;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Recurrent ONNX files BpGen refuses: torch's exports edited (by make_recurrent_fixtures.py) to hold
/// what makes a GRU or LSTM node compute another function than PyTorch's, or what BpGen's network
/// lacks, each refused naming the node, what was expected and what was found; and files of other
/// layers than the network importing them, refused naming the layer, the parameters left as they were.
/// </summary>
public class OnnxRecurrentErrorTests
{
    public static TheoryData<string, string[]> Refusals() => new()
    {
        { "error_recurrent_gru_linear_before_reset_0.onnx", ["Node '/rnn/GRU' (GRU) has linear_before_reset 0;", "which is linear_before_reset 1", "computes another function"] },
        { "error_recurrent_gru_linear_before_reset_missing.onnx", ["Node '/rnn/GRU' (GRU) has no linear_before_reset (0 by default);", "which is linear_before_reset 1"] },
        { "error_recurrent_bidirectional.onnx", ["Node '/rnn/GRU' (GRU) has direction 'bidirectional';", "BpGen reads the forward direction only"] },
        { "error_recurrent_gru_clip.onnx", ["Node '/rnn/GRU' (GRU) has clip 3;", "PyTorch's nn.GRU does not clip"] },
        { "error_recurrent_lstm_activations.onnx", ["Node '/rnn/LSTM' (LSTM) has activations Sigmoid, Relu, Tanh;", "computes Sigmoid, Tanh, Tanh"] },
        { "error_recurrent_lstm_activation_alpha.onnx", ["Node '/rnn/LSTM' (LSTM) has activation_alpha 0.5, 1, 1;", "take no parameters"] },
        { "error_recurrent_lstm_peepholes.onnx", ["Node '/rnn/LSTM' (LSTM) has peepholes P (tensor 'P');", "PyTorch's nn.LSTM has none"] },
        { "error_recurrent_lstm_input_forget.onnx", ["Node '/rnn/LSTM' (LSTM) has input_forget 1;", "(input_forget 0)"] },
        { "error_recurrent_gru_layout_1.onnx", ["Node '/rnn/GRU' (GRU) has layout 1;", "0: [seq, batch, features]"] },
        { "error_recurrent_gru_hidden_size.onnx", ["Node '/rnn/GRU' (GRU) has hidden_size 5,", "shape [1, 12, 4]) are for hidden size 4"] },
        { "error_recurrent_gru_initial_h.onnx", ["The initial_h of node '/rnn/GRU' (GRU) is tensor 'h0', which is not all zeros;", "start from the zero state"] },
        { "error_recurrent_lstm_sequence_lens.onnx", ["Node '/rnn/LSTM' (LSTM) has sequence_lens (tensor 'lengths');", "runs every sequence to its end"] },
        { "error_recurrent_final_state.onnx", ["Node '/rnn/GRU' (GRU)'s final state '/rnn/GRU_output_1' is used;", "reads the output sequence Y", "not its final states"] },
        { "error_recurrent_first_step.onnx", ["Node '/Gather' (Gather) takes indices [0];", "only the last step of the sequence, index −1"] },
        { "error_recurrent_relu_on_state.onnx", ["Node '/Relu' (Relu) follows layer 1 (node '/rnn/GRU' (GRU));", "a recurrent layer's output is its state h"] },
        { "error_recurrent_no_head.onnx", ["The graph ends with layer 1 (node '/rnn/GRU' (GRU));", "output layer is dense"] },
        { "error_recurrent_transpose_features.onnx", ["Node '/rnn/Transpose' (Transpose) permutes [input axis 0, input axis 1, features] by [0, 2, 1];", "only the sequence and batch axes swap"] },
        { "error_recurrent_squeeze_batch.onnx", ["Node '/rnn/Squeeze' (Squeeze) squeezes axes [2] of [seq, direction, batch, features];", "only the direction axis"] },
        { "error_recurrent_gather_batch.onnx", ["Node '/Gather' (Gather) takes a step on axis 0 of [batch, seq, features];", "only the last step of the sequence"] },
        { "error_recurrent_state_input.onnx", ["The initial_h of node '/rnn/GRU' (GRU) is tensor 'h0', a graph input;", "start from the zero state"] },
        { "error_recurrent_scaling_between_layers.onnx", ["Node '/Mul' (Mul) is followed by node '/head/MatMul' (MatMul);", "scaling stands only before the first layer"] },
        { "error_recurrent_scaling_of_more_axes.onnx", ["the output layer has 2 neurons and the data 3 axes, so expected [2], [1, 2], [1, 1, 2]", "its shape is [1, 1, 1, 2]"] },
        { "error_recurrent_state_shape_dangling.onnx", ["The shape of the initial_h of node '/rnn/GRU' (GRU) reads tensor 'nowhere', which no node computes and the file does not store."] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_names_the_node_what_was_expected_and_what_was_found(string file, string[] parts)
    {
        var exception = Assert.Throws<InvalidDataException>(() => OnnxReader.Read(OnnxFixtures.Bytes(file)));
        Assert.All(parts, part => Assert.Contains(part, exception.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_refusal_fixture_is_tested()
    {
        Assert.Equal(OnnxRecurrentFixtures.Invalid.Order(StringComparer.Ordinal), Refusals().Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Gru16", "recurrent_gru_4_8_3_every_step.onnx", "layer 1 has 8 neurons in the file, 16 in the attribute")]
    [InlineData("GruForLstm", "recurrent_lstm_3_7_2_last_step.onnx", "layer 1 is a Lstm layer in the file (node '/rnn/LSTM' (LSTM)), a Gru layer in the attribute")]
    [InlineData("GruForDense", "iris_4_8_3_tanh_opset9.onnx", "layer 1 is a Dense layer in the file (node '/2/Tanh' (Tanh)), a Gru layer in the attribute")]
    [InlineData("ReluAfterGru", "recurrent_gru_3_5_4_2_relu_sigmoid_every_step.onnx", "layer 2 is followed by ReLU in the file (node '/Relu' (Relu)), by Sigmoid in the attribute")]
    public void A_file_of_other_layers_is_refused_naming_the_layer_and_the_parameters_stay(string network, string file, string message)
    {
        var net = (IRecurrentNetwork<float>)Activator.CreateInstance(Mismatched.Value.GetType("M." + network, throwOnError: true)!)!;
        net.InitializeParameters(3);
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => net.ImportOnnx(new MemoryStream(OnnxFixtures.Bytes(file))));

        Assert.Contains("The ONNX file does not fit this network: " + message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void A_dense_network_refuses_a_recurrent_file_naming_the_layer()
    {
        var dense = (INetwork<float>)Activator.CreateInstance(Mismatched.Value.GetType("M.Dense", throwOnError: true)!)!;

        var error = Assert.Throws<InvalidDataException>(() => dense.ImportOnnx(new MemoryStream(OnnxFixtures.Bytes("recurrent_gru_4_8_3_every_step.onnx"))));

        Assert.Contains("layer 1 is a Gru layer in the file (node '/rnn/GRU' (GRU)), a Dense layer in the attribute", error.Message, StringComparison.Ordinal);
    }

    private static readonly Lazy<System.Reflection.Assembly> Mismatched = new(() => GeneratorRunner.CompileAndLoad("""
        using BpGen;
        namespace M;
        [Network(new[] { 4, 16, 3 }, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Gru16 { }
        [Network(new[] { 3, 7, 2 }, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class GruForLstm { }
        [Network(new[] { 4, 8, 3 }, Activation.Identity, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru })] public partial class GruForDense { }
        [Network(new[] { 3, 5, 4, 2 }, Activation.Sigmoid, Loss.BinaryCrossEntropy, HiddenLayers = new[] { Layer.Gru, Layer.Dense })] public partial class ReluAfterGru { }
        [Network(new[] { 4, 8, 3 }, Activation.Identity, Loss.MeanSquaredError)] public partial class Dense { }
        """));
}
