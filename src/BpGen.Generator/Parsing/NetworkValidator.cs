using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BpGen.Generator.Diagnostics;
using BpGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace BpGen.Generator.Parsing;

/// <summary>
/// Checks attribute values against the rules of the network attribute (sizes, activations, losses,
/// the size limit; docs/design.md) and turns them into a model's parts.
/// </summary>
internal static class NetworkValidator
{
    /// <summary>
    /// Checks <paramref name="arguments"/>; adds a diagnostic for every problem and returns the
    /// activations of weight layers 1 … L when there is none, with their kinds in <paramref name="kinds"/>
    /// (empty when every layer is dense).
    /// </summary>
    public static ImmutableArray<Activation>? Validate(AttributeArguments arguments, List<DiagnosticInfo> diagnostics, out ImmutableArray<Layer> kinds)
    {
        kinds = ImmutableArray<Layer>.Empty;
        int before = diagnostics.Count;
        ImmutableArray<int> sizes = arguments.Sizes;

        if (sizes.Length < 2)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.TooFewLayers,
                sizes.Length == 0 ? arguments.ArgumentLocation(0) : arguments.SizeLocations[0],
                sizes.Length == 0 ? "none" : "only 1"));
        }

        for (int i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, arguments.SizeLocations[i], sizes[i], i));
            }
        }

        CheckDefined<Activation>(arguments.Activation, "Activation", arguments.ActivationLocation, diagnostics);
        CheckDefined<Loss>(arguments.Loss, "Loss", arguments.LossLocation, diagnostics);

        if (arguments.OutputActivation is int output)
        {
            CheckDefined<Activation>(output, "Activation", arguments.NamedLocation("OutputActivation"), diagnostics);
            if (Enum.IsDefined(typeof(Loss), arguments.Loss) && OutputLayer.FixedBy((Loss)arguments.Loss) is string fixedOutput)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.OutputActivationWithFixedOutput,
                    arguments.NamedLocation("OutputActivation"),
                    "Loss." + (Loss)arguments.Loss,
                    fixedOutput));
            }
        }

        int hiddenLayers = Math.Max(sizes.Length - 2, 0);
        if (arguments.HiddenActivations is { } hidden)
        {
            foreach (int value in hidden)
            {
                CheckDefined<Activation>(value, "Activation", arguments.NamedLocation("HiddenActivations"), diagnostics);
            }

            if (sizes.Length >= 2 && hidden.Length != hiddenLayers)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.HiddenActivationsLength,
                    arguments.NamedLocation("HiddenActivations"),
                    hidden.Length,
                    hiddenLayers));
            }
        }

        CheckHiddenLayers(arguments, hiddenLayers, diagnostics);

        long neurons = sizes.Sum(s => (long)Math.Max(s, 0));
        if (neurons > NetworkLimits.MaxNeurons)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, arguments.AttributeLocation, neurons, NetworkLimits.MaxNeurons));
        }

        if (arguments.Loss == (int)Loss.SoftmaxCrossEntropy && sizes.Length >= 2 && sizes[sizes.Length - 1] is > 0 and < 2)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.SoftmaxNeedsTwoOutputs,
                arguments.SizeLocations[sizes.Length - 1],
                sizes[sizes.Length - 1]));
        }

        if (diagnostics.Count != before)
        {
            return null;
        }

        kinds = LayerKinds(arguments);
        return LayerActivations(arguments, hiddenLayers, kinds);
    }

    /// <summary>HiddenLayers: defined kinds, one per hidden layer, no activation but tanh given to a recurrent one.</summary>
    private static void CheckHiddenLayers(AttributeArguments arguments, int hiddenLayers, List<DiagnosticInfo> diagnostics)
    {
        if (arguments.HiddenLayers is not { } layers)
        {
            return;
        }

        Location location = arguments.NamedLocation("HiddenLayers");
        foreach (int value in layers)
        {
            CheckDefined<Layer>(value, "Layer", location, diagnostics);
        }

        if (arguments.Sizes.Length >= 2 && layers.Length != hiddenLayers)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HiddenLayersLength, location, layers.Length, hiddenLayers));
            return;
        }

        for (int i = 0; i < layers.Length; i++)
        {
            // An activation that is no Activation at all is BPG005 already, not a second error here.
            if (layers[i] is (int)Layer.Gru or (int)Layer.Lstm
                && arguments.HiddenActivations is { } activations && i < activations.Length && activations[i] != (int)Activation.Tanh
                && Enum.IsDefined(typeof(Activation), activations[i]))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.RecurrentLayerActivation, arguments.NamedLocation("HiddenActivations"), i + 1, (Layer)layers[i], (Activation)activations[i]));
            }
        }
    }

    /// <summary>The kind of each weight layer 1 … L, the output layer dense; empty when every layer is dense.</summary>
    private static ImmutableArray<Layer> LayerKinds(AttributeArguments arguments) =>
        arguments.HiddenLayers is { } layers && layers.Any(kind => kind != (int)Layer.Dense)
            ? layers.Select(kind => (Layer)kind).Append(Layer.Dense).ToImmutableArray()
            : ImmutableArray<Layer>.Empty;

    /// <summary>f_1 … f_L: the hidden layers' choice (tanh for a recurrent layer, its candidate's), then the output layer the loss implies.</summary>
    private static ImmutableArray<Activation> LayerActivations(AttributeArguments arguments, int hiddenLayers, ImmutableArray<Layer> kinds)
    {
        var activations = ImmutableArray.CreateBuilder<Activation>(hiddenLayers + 1);
        for (int l = 0; l < hiddenLayers; l++)
        {
            bool recurrent = !kinds.IsEmpty && kinds[l] != Layer.Dense;
            activations.Add(recurrent ? Activation.Tanh : (Activation)(arguments.HiddenActivations is { } hidden ? hidden[l] : arguments.Activation));
        }

        activations.Add(OutputLayer.ActivationFor((Loss)arguments.Loss, (Activation)(arguments.OutputActivation ?? arguments.Activation)));

        return activations.MoveToImmutable();
    }

    private static void CheckDefined<TEnum>(int value, string enumName, Location location, List<DiagnosticInfo> diagnostics)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(typeof(TEnum), value))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UndefinedEnumValue,
                location,
                value,
                enumName,
                string.Join(", ", Enum.GetNames(typeof(TEnum)))));
        }
    }
}
