namespace BpGen.Tests.Generation;

/// <summary>
/// Code that only runs a network takes IInference or IRecurrentInference, and serves the trainable class
/// and the frozen one compiled from the same file alike.
/// </summary>
public class InferenceInterfaceTests
{
    [Fact]
    public void Trainable_and_frozen_dense_classes_run_through_IInference()
    {
        var assembly = WeightsFiles.CompileAndLoad(
            """
            using BpGen;
            [Network(4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy, Weights = "iris.onnx")] public partial class Trained { }
            [Network(4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy, Weights = "iris.onnx", Frozen = true)] public partial class Shipped { }
            """,
            new DiskFile(Copy("iris_4_8_3_tanh_opset9.onnx", "iris.onnx")));

        float[] input = [5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f];
        float[] Run(string type)
        {
            var net = (IInference<float>)Activator.CreateInstance(assembly.GetType(type, throwOnError: true)!)!;
            var outputs = new float[2 * net.OutputSize];
            net.ForwardBatch(input, outputs);
            return outputs;
        }

        Assert.IsAssignableFrom<INetwork<float>>(Activator.CreateInstance(assembly.GetType("Trained")!));
        AssertClose(Run("Trained"), Run("Shipped"));
    }

    [Fact]
    public void Trainable_and_frozen_recurrent_classes_run_through_IRecurrentInference()
    {
        var fixture = Runtime.OnnxRecurrentFixtures.Fixture("recurrent_gru_4_8_3_every_step.onnx");
        var assembly = WeightsFiles.CompileAndLoad(
            $$"""
            using BpGen;
            [Network({{fixture.Attribute}}, Weights = "gru.onnx")] public partial class Trained { }
            [Network({{fixture.Attribute}}, Weights = "gru.onnx", Frozen = true)] public partial class Shipped { }
            """,
            new DiskFile(Copy("recurrent_gru_4_8_3_every_step.onnx", "gru.onnx")));

        float[] Run(string type)
        {
            var net = (IRecurrentInference<float>)Activator.CreateInstance(assembly.GetType(type, throwOnError: true)!)!;
            var state = new float[net.StateSize];
            var output = new float[net.OutputSize];
            var outputs = new List<float>();
            foreach (double[] step in fixture.Inputs)
            {
                net.Step(step.Select(v => (float)v).ToArray(), state, output);
                outputs.AddRange(output);
            }

            return [.. outputs];
        }

        Assert.IsAssignableFrom<IRecurrentNetwork<float>>(Activator.CreateInstance(assembly.GetType("Trained")!));
        float[] trained = Run("Trained");
        AssertClose(trained, Run("Shipped"));
        AssertClose(fixture.Outputs.SelectMany(step => step).Select(v => (float)v).ToArray(), trained);
    }

    private static string Copy(string fixture, string name)
    {
        string path = Path.Combine(WeightsFiles.NewFolder(), name);
        File.Copy(WeightsFiles.FixturePath(fixture), path);
        return path;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: {expected[i]} against {actual[i]}");
        }
    }
}
