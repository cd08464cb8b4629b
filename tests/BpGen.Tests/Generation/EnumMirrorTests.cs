using BpGen.Generator.Model;

namespace BpGen.Tests.Generation;

/// <summary>The generator's copies of the public enums stay value for value the same.</summary>
public class EnumMirrorTests
{
    [Fact]
    public void ActivationKind_mirrors_Activation() => AssertMirror<Activation, ActivationKind>();

    [Fact]
    public void LossKind_mirrors_Loss() => AssertMirror<Loss, LossKind>();

    private static void AssertMirror<TPublic, TMirror>()
        where TPublic : struct, Enum
        where TMirror : struct, Enum
    {
        Assert.Equal(
            Enum.GetValues<TPublic>().Select(v => (v.ToString(), Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture))),
            Enum.GetValues<TMirror>().Select(v => (v.ToString(), Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture))));
    }
}
