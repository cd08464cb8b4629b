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
        ActivationLocation = PositionalLocation(syntax, sizeArgumentCount);
        LossLocation = PositionalLocation(syntax, sizeArgumentCount + 1);
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

    /// <summary>The location of positional argument <paramref name="index"/>, or of the attribute.</summary>
    public Location PositionalLocation(int index) => PositionalLocation(Syntax, index);

    private static Location PositionalLocation(AttributeSyntax? syntax, int index)
    {
        var arguments = syntax?.ArgumentList?.Arguments;
        if (arguments is { } list && index < list.Count && list[index].NameEquals is null && list[index].NameColon is null)
        {
            return list[index].GetLocation();
        }

        return syntax?.GetLocation() ?? Location.None;
    }

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
        int sizeCount = arguments.Length - 2;
        ImmutableArray<int>? sizes;
        ImmutableArray<Location> sizeLocations;
        if (sizeCount == 1 && arguments[0].Kind == TypedConstantKind.Array)
        {
            sizes = arguments[0].IsNull ? ImmutableArray<int>.Empty : ReadInts(arguments[0].Values);
            sizeLocations = ArrayElementLocations(syntax, sizes?.Length ?? 0, PositionalLocation(syntax, 0));
        }
        else
        {
            sizes = ReadInts(arguments.Take(sizeCount));
            sizeLocations = Enumerable.Range(0, sizeCount).Select(i => PositionalLocation(syntax, i)).ToImmutableArray();
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
                case "HiddenActivations":
                    hiddenActivations = named.Value.IsNull ? ImmutableArray<int>.Empty : ReadInts(named.Value.Values);
                    if (hiddenActivations is null)
                    {
                        return null;
                    }

                    break;
                case "HiddenLayers":
                    hiddenLayers = named.Value.IsNull ? ImmutableArray<int>.Empty : ReadInts(named.Value.Values);
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

        return new AttributeArguments(sizes.Value, sizeLocations, activation.Value, loss.Value, outputActivation, hiddenActivations, hiddenLayers, useDouble, weights, frozen, syntax, sizeCount);
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
    private static ImmutableArray<Location> ArrayElementLocations(AttributeSyntax? syntax, int count, Location fallback)
    {
        ExpressionSyntax? expression = syntax?.ArgumentList?.Arguments.FirstOrDefault()?.Expression;
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
