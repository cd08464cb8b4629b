using System.Globalization;

namespace BpGen.Tests.Fixtures;

/// <summary>A network to generate at test time, and the C# that declares it.</summary>
public sealed record NetworkSpec(string Name, int[] Sizes, Activation[] HiddenActivations, Activation OutputActivation, Loss Loss, bool UseDouble = true)
{
    public int InputSize => Sizes[0];

    public int OutputSize => Sizes[^1];

    public int ParameterCount => Enumerable.Range(1, Sizes.Length - 1).Sum(l => Sizes[l] * (Sizes[l - 1] + 1));

    public override string ToString() =>
        $"{Name}: {string.Join("-", Sizes)} [{string.Join(", ", HiddenActivations)}] {Loss}" + (Loss == Loss.MeanSquaredError ? $" ({OutputActivation} output)" : "");

    /// <summary>The attribute and partial class, which implements <see cref="INetwork{T}"/>.</summary>
    public string Declaration()
    {
        string element = UseDouble ? "double" : "float";
        string sizes = string.Join(", ", Sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        string hidden = HiddenActivations.Length == 0
            ? ""
            : ", HiddenActivations = new[] { " + string.Join(", ", HiddenActivations.Select(a => "Activation." + a)) + " }";
        string output = Loss == Loss.MeanSquaredError ? $", OutputActivation = Activation.{OutputActivation}" : "";
        string precision = UseDouble ? ", UseDouble = true" : "";
        return $"[Network(new[] {{ {sizes} }}, Activation.Identity, Loss.{Loss}{hidden}{output}{precision})]\n"
            + $"public partial class {Name} {{ }}\n";
    }

    /// <summary>Generates, compiles and loads <paramref name="specs"/> in one compilation.</summary>
    /// <param name="specs">The networks.</param>
    /// <param name="allowUnsafe">Compile as a consumer that allows unsafe code, where looped methods skip zeroing their stack scratch.</param>
    public static System.Reflection.Assembly Compile(IEnumerable<NetworkSpec> specs, bool allowUnsafe = false) =>
        GeneratorRunner.CompileAndLoad("using BpGen;\nnamespace TestNetworks;\n" + string.Concat(specs.Select(s => s.Declaration())), allowUnsafe);

    public static INetwork<T> Create<T>(System.Reflection.Assembly assembly, NetworkSpec spec)
        where T : unmanaged =>
        (INetwork<T>)Activator.CreateInstance(assembly.GetType("TestNetworks." + spec.Name, throwOnError: true)!)!;
}
