
namespace BpGen.Tests.Generation;

/// <summary>
/// Methods with stack scratch (looped ones, and the batched methods of every network) skip zeroing it
/// only where the consumer allows unsafe code and the runtime's core library has the attribute.
/// </summary>
public class SkipLocalsInitTests
{
    private const string Looped = "using BpGen;\n[Network(64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)] public partial class Net { }";
    private const string Unrolled = "using BpGen;\n[Network(2, 3, 2, Activation.ReLU, Loss.SoftmaxCrossEntropy)] public partial class Net { }";
    private const string Attribute = "[global::System.Runtime.CompilerServices.SkipLocalsInit]";

    [Fact]
    public void Looped_methods_skip_zeroing_when_unsafe_code_is_allowed()
    {
        string code = GeneratorRunner.GeneratedSource(Looped, allowUnsafe: true);
        // Forward, Backward, TrainStep, ForwardBatch, BackwardBatch, the pass behind each (its scratch)
        // and the method that scales around it (the standardized values).
        Assert.Equal(15, Occurrences(code, Attribute));
        GeneratorRunner.CompileAndLoad(Looped, allowUnsafe: true);
    }

    [Fact]
    public void Unrolled_networks_skip_zeroing_only_in_their_batched_methods()
    {
        string code = GeneratorRunner.GeneratedSource(Unrolled, allowUnsafe: true);
        // ForwardBatch, BackwardBatch, their passes and scaled methods: the unrolled methods keep locals, not stack scratch.
        Assert.Equal(6, Occurrences(code, Attribute));
        GeneratorRunner.CompileAndLoad(Unrolled, allowUnsafe: true);
    }

    [Fact]
    public void Nothing_skips_zeroing_without_unsafe_code()
    {
        Assert.Equal(0, Occurrences(GeneratorRunner.GeneratedSource(Looped), Attribute));
        Assert.Equal(0, Occurrences(GeneratorRunner.GeneratedSource(Unrolled), Attribute));
    }

    [Fact]
    public void Nothing_skips_zeroing_when_the_attribute_is_declared_in_the_consumers_own_source()
    {
        // What a Unity project does to get the attribute on its netstandard2.1 profile, whose compiler
        // then rejects the attribute in user code as an unsupported C# 9 feature.
        const string DeclaredBySource = Looped + """

            namespace System.Runtime.CompilerServices
            {
                [global::System.AttributeUsage(global::System.AttributeTargets.All, Inherited = false)]
                internal sealed class SkipLocalsInitAttribute : global::System.Attribute { }
            }
            """;
        Assert.Equal(0, Occurrences(GeneratorRunner.GeneratedSource(DeclaredBySource, allowUnsafe: true), Attribute));
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
