
namespace BpGen.Tests.Generation;

/// <summary>Looped methods skip zeroing their stack scratch only where the consumer allows unsafe code.</summary>
public class SkipLocalsInitTests
{
    private const string Looped = "using BpGen;\n[Network(64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)] public partial class Net { }";
    private const string Unrolled = "using BpGen;\n[Network(2, 3, 2, Activation.ReLU, Loss.SoftmaxCrossEntropy)] public partial class Net { }";
    private const string Attribute = "[global::System.Runtime.CompilerServices.SkipLocalsInit]";

    [Fact]
    public void Looped_methods_skip_zeroing_when_unsafe_code_is_allowed()
    {
        string code = GeneratorRunner.GeneratedSource(Looped, allowUnsafe: true);
        Assert.Equal(3, Occurrences(code, Attribute)); // Forward, Backward, TrainStep
        GeneratorRunner.CompileAndLoad(Looped, allowUnsafe: true);
    }

    [Fact]
    public void Nothing_skips_zeroing_without_unsafe_code_or_for_unrolled_networks()
    {
        Assert.Equal(0, Occurrences(GeneratorRunner.GeneratedSource(Looped), Attribute));
        Assert.Equal(0, Occurrences(GeneratorRunner.GeneratedSource(Unrolled, allowUnsafe: true), Attribute));
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
