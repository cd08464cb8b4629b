namespace BpGen.Tests.Generation;

/// <summary>
/// A class or type parameter named in lowercase ASCII only draws the compiler's CS8981 at its
/// declaration; the user's #pragma there silences it, and the generated part, which names it with a
/// verbatim '@', adds none the user could not reach.
/// </summary>
public class TypeNameTests
{
    [Theory]
    [InlineData("[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)] public partial class lowernet { }", "lowernet")]
    [InlineData("public partial class outer { [Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Net<t> { } }", "outer+Net`1")]
    public void A_lowercase_name_warns_only_where_the_user_declares_it(string declaration, string typeName)
    {
        var assembly = GeneratorRunner.CompileAndLoad("using BpGen;\n#pragma warning disable CS8981\n" + declaration + "\n#pragma warning restore CS8981\n");

        Assert.NotNull(assembly.GetType(typeName, throwOnError: true)!.GetProperty("Parameters"));
    }
}
