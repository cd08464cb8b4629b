using System.Diagnostics;
using System.Reflection;

namespace BpGen.Tests.Runtime;

/// <summary>
/// The runtime holds the kernels and the training loop: a Debug build of an application (what
/// <c>dotnet run</c> makes) must still get them optimized, or the sample reports a fraction of the real speed.
/// </summary>
public class RuntimeBuildTests
{
    [Fact]
    public void Runtime_is_compiled_with_optimizations_in_every_configuration()
    {
        Assembly runtime = typeof(INetwork<float>).Assembly;
        var debuggable = runtime.GetCustomAttribute<DebuggableAttribute>();
        Assert.False(
            debuggable?.IsJITOptimizerDisabled ?? false,
            $"{runtime.GetName().Name} was built with the JIT optimizer disabled (a Debug build without <Optimize>true</Optimize>).");
    }
}
