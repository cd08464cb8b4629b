using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpGen.Generator.Parsing;

/// <summary>
/// The values written in one [Network(...)] attribute, each with the syntax location to blame if it
/// is wrong. Only constructed when every argument has a constant value; otherwise the compiler
/// already reports the error and BpGen stays silent.
/// </summary>
internal sealed class AttributeArguments
{
    private readonly ImmutableArray<string> _parameterNames;

    private AttributeArguments(
        ImmutableArray<int> sizes,
        ImmutableArray<Location> sizeLocations,
        int activation,
        int loss,
        int? outputActivation,
        ImmutableArray<int>? hiddenActivations,
        ImmutableArray<int>? hiddenLayers,
        bool useDouble,
        string? weights,
        bool frozen,
        AttributeSyntax? syntax,
        ImmutableArray<string> parameterNames,
        int sizeArgumentCount)
    {
        Sizes = sizes;
        SizeLocations = sizeLocations;
        Activation = activation;
        Loss = loss;
        OutputActivation = outputActivation;
        HiddenActivations = hiddenActivations;
        HiddenLayers = hiddenLayers;
        UseDouble = useDouble;
        Weights = weights;
        Frozen = frozen;
        Syntax = syntax;
        _parameterNames = parameterNames;
        ActivationLocation = ArgumentLocation(syntax, parameterNames, sizeArgumentCount);
        LossLocation = ArgumentLocation(syntax, parameterNames, sizeArgumentCount + 1);
    }

    public ImmutableArray<int> Sizes { get; }

    /// <summary>Where each size is written (the layers argument itself when elements cannot be told apart).</summary>
    public ImmutableArray<Location> SizeLocations { get; }

    public int Activation { get; }

    public int Loss { get; }

    /// <summary>The OutputActivation named argument, or null when it is not written.</summary>
    public int? OutputActivation { get; }

    /// <summary>The HiddenActivations named argument, or null when it is not written.</summary>
    public ImmutableArray<int>? HiddenActivations { get; }

    /// <summary>The HiddenLayers named argument, or null when it is not written.</summary>
    public ImmutableArray<int>? HiddenLayers { get; }

    public bool UseDouble { get; }

    /// <summary>The Weights named argument: the name of a parameter file among the additional files, or null.</summary>
    public string? Weights { get; }

    /// <summary>The Frozen named argument.</summary>
    public bool Frozen { get; }

    public AttributeSyntax? Syntax { get; }

    public Location ActivationLocation { get; }

    public Location LossLocation { get; }

    public Location AttributeLocation => Syntax?.GetLocation() ?? Location.None;

    /// <summary>Where the value of constructor parameter <paramref name="index"/> is written, or the attribute.</summary>
    public Location ArgumentLocation(int index) => ArgumentLocation(Syntax, _parameterNames, index);

    /// <summary>
    /// The constructor argument for parameter <paramref name="index"/>: the one named after it
    /// (<c>hidden: 0</c>), or else the argument in its place if that has no name; null when neither is written.
    /// </summary>
    private static AttributeArgumentSyntax? Argument(AttributeSyntax? syntax, ImmutableArray<string> parameterNames, int index)
    {
        if (syntax?.ArgumentList?.Arguments is not { } list)
        {
            return null;
        }

        string name = parameterNames[index];
        return list.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == name)
            ?? (index < list.Count && list[index].NameEquals is null && list[index].NameColon is null ? list[index] : null);
    }

    /// <summary>Where the value of constructor parameter <paramref name="index"/> is written, or the attribute.</summary>
    private static Location ArgumentLocation(AttributeSyntax? syntax, ImmutableArray<string> parameterNames, int index) =>
        Argument(syntax, parameterNames, index)?.Expression.GetLocation() ?? syntax?.GetLocation() ?? Location.None;

    /// <summary>The location of named argument <paramref name="name"/>, or of the attribute.</summary>
    public Location NamedLocation(string name)
    {
        var argument = Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument?.GetLocation() ?? AttributeLocation;
    }

    public static AttributeArguments? Read(AttributeData attribute, CancellationToken cancellationToken)
    {
        IMethodSymbol? constructor = attribute.AttributeConstructor;
        ImmutableArray<TypedConstant> arguments = attribute.ConstructorArguments;
        if (constructor is null || arguments.Length < 3 || arguments.Length != constructor.Parameters.Length)
        {
            return null;
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        ImmutableArray<string> parameterNames = constructor.Parameters.Select(p => p.Name).ToImmutableArray();
        int sizeCount = arguments.Length - 2;
        ImmutableArray<int>? sizes;
        ImmutableArray<Location> sizeLocations;
        if (sizeCount == 1 && arguments[0].Kind == TypedConstantKind.Array)
        {
            sizes = arguments[0].IsNull ? ImmutableArray<int>.Empty : ReadInts(arguments[0].Values);
            sizeLocations = ArrayElementLocations(Argument(syntax, parameterNames, 0)?.Expression, sizes?.Length ?? 0, ArgumentLocation(syntax, parameterNames, 0));
        }
        else
        {
            sizes = ReadInts(arguments.Take(sizeCount));
            sizeLocations = Enumerable.Range(0, sizeCount).Select(i => ArgumentLocation(syntax, parameterNames, i)).ToImmutableArray();
        }

        int? activation = ReadInt(arguments[sizeCount]);
        int? loss = ReadInt(arguments[sizeCount + 1]);
        if (sizes is null || activation is null || loss is null)
        {
            return null;
        }

        int? outputActivation = null;
        ImmutableArray<int>? hiddenActivations = null;
        ImmutableArray<int>? hiddenLayers = null;
        bool useDouble = false;
        string? weights = null;
        bool frozen = false;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "OutputActivation":
                    outputActivation = ReadInt(named.Value);
                    if (outputActivation is null)
                    {
                        return null;
                    }

                    break;
                // null, the properties' default, says what leaving them out says.
                case "HiddenActivations" when !named.Value.IsNull:
                    hiddenActivations = ReadInts(named.Value.Values);
                    if (hiddenActivations is null)
                    {
                        return null;
                    }

                    break;
                case "HiddenLayers" when !named.Value.IsNull:
                    hiddenLayers = ReadInts(named.Value.Values);
                    if (hiddenLayers is null)
                    {
                        return null;
                    }

                    break;
                case "UseDouble":
                    useDouble = named.Value.Value is true;
                    break;
                case "Weights":
                    weights = named.Value.Value as string;
                    break;
                case "Frozen":
                    frozen = named.Value.Value is true;
                    break;
            }
        }

        return new AttributeArguments(sizes.Value, sizeLocations, activation.Value, loss.Value, outputActivation, hiddenActivations, hiddenLayers, useDouble, weights, frozen, syntax, parameterNames, sizeCount);
    }

    private static int? ReadInt(TypedConstant constant) =>
        constant.Kind is TypedConstantKind.Primitive or TypedConstantKind.Enum && constant.Value is int value ? value : null;

    private static ImmutableArray<int>? ReadInts(System.Collections.Generic.IEnumerable<TypedConstant> constants)
    {
        var builder = ImmutableArray.CreateBuilder<int>();
        foreach (TypedConstant constant in constants)
        {
            if (ReadInt(constant) is not int value)
            {
                return null;
            }

            builder.Add(value);
        }

        return builder.ToImmutable();
    }

    /// <summary>Locations of the elements of <c>new[] { … }</c> or <c>new int[] { … }</c> when they are written out.</summary>
    private static ImmutableArray<Location> ArrayElementLocations(ExpressionSyntax? expression, int count, Location fallback)
    {
        InitializerExpressionSyntax? initializer = expression switch
        {
            ArrayCreationExpressionSyntax array => array.Initializer,
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer,
            _ => null,
        };

        if (initializer is not null && initializer.Expressions.Count == count)
        {
            return initializer.Expressions.Select(e => e.GetLocation()).ToImmutableArray();
        }

        return Enumerable.Repeat(fallback, count).ToImmutableArray();
    }
}
