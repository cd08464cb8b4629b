using System.Reflection;
using BpGen.Tests.Infrastructure;
using BpGen.Tests.Reference;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>
/// The generated recurrent networks against PyTorch itself: each fixture of recurrent_expected.json
/// (nn.GRU and nn.LSTM, stacked and mixed with Linear layers, every step and last step, made by
/// make_recurrent_fixtures.py) compiled as a double network with torch's parameters; its outputs, loss
/// and gradient are torch's, to 1e-10 relative.
/// </summary>
public class RecurrentTorchTests
{
    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorRunner.CompileAndLoad(Source()));

    public static TheoryData<string> Names() => RecurrentFixtures.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Outputs_loss_and_gradient_are_torchs(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Fixture(name);
        Type probe = Compiled.Value.GetType("Torch." + ClassName(fixture) + "Probe")!;
        object net = Activator.CreateInstance(Compiled.Value.GetType("Torch." + ClassName(fixture))!)!;
        probe.GetMethod("Load")!.Invoke(null, [net, fixture.Parameters]);

        foreach (RecurrentSequence sequence in fixture.Sequences)
        {
            double[] inputs = sequence.Inputs.SelectMany(r => r).ToArray();
            var outputs = new double[sequence.Outputs.Length * fixture.OutputSize];
            probe.GetMethod("ForwardSequence")!.Invoke(null, [net, inputs, outputs]);
            Close.All(sequence.Outputs.SelectMany(r => r).ToArray(), outputs, 1e-10, $"{name} outputs");

            var gradient = new double[fixture.Parameters.Length];
            double loss = (double)probe.GetMethod("BackwardSequence")!.Invoke(null, [net, inputs, sequence.Targets.SelectMany(r => r).ToArray(), gradient])!;
            Assert.Equal(sequence.Loss, loss, 1e-10 * Math.Max(1, Math.Abs(sequence.Loss)));
            Close.All(sequence.Gradient, gradient, 1e-10, $"{name} ∂J/∂θ");
        }
    }

    private static string ClassName(RecurrentFixture fixture) =>
        string.Concat(fixture.Name.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static string Source()
    {
        var source = new System.Text.StringBuilder("using System;\nusing BpGen;\nnamespace Torch;\n");
        foreach (RecurrentFixture f in RecurrentFixtures.All)
        {
            string sizes = string.Join(", ", new[] { f.InputSize }.Concat(f.Layers.Select(l => l.Size)).Append(f.OutputSize));
            string kinds = string.Join(", ", f.Layers.Select(l => "Layer." + Kind(l)));
            string activations = string.Join(", ", f.Layers.Select(l => "Activation." + (l is ReferenceDenseLayer dense ? dense.Activation : Activation.Tanh)));
            string output = f.Loss == Loss.MeanSquaredError ? $", OutputActivation = Activation.{f.OutputActivation}" : "";
            string name = ClassName(f);
            source.Append($$"""
                [Network(new[] { {{sizes}} }, Activation.Tanh, Loss.{{f.Loss}}, HiddenLayers = new[] { {{kinds}} }, HiddenActivations = new[] { {{activations}} }{{output}}, UseDouble = true)]
                public partial class {{name}} { }

                public static class {{name}}Probe
                {
                    public static void Load({{name}} net, double[] values) => values.CopyTo(net.Parameters);
                    public static void ForwardSequence({{name}} net, double[] inputs, double[] outputs) => net.ForwardSequence(inputs, outputs);
                    public static double BackwardSequence({{name}} net, double[] inputs, double[] targets, double[] gradient) => net.BackwardSequence(inputs, targets, gradient);
                }

                """);
        }

        return source.ToString();
    }

    private static Layer Kind(ReferenceLayer layer) => layer switch
    {
        ReferenceGruLayer => Layer.Gru,
        ReferenceLstmLayer => Layer.Lstm,
        _ => Layer.Dense,
    };
}
