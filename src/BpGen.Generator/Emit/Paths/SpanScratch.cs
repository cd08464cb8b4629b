using System.Collections.Generic;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// The stack spans of a span path (<see cref="LoopedPath"/> over one sample, <see cref="LanesPath"/> over a
/// block in lanes): which of a layer's values (named by <see cref="LayerNames"/>) a pass declares, where
/// each layer writes its result, and the spans a step borrows while they hold nothing yet.
/// </summary>
internal sealed class SpanScratch
{
    private readonly NetworkModel _model;
    private readonly bool _inputInScratch;

    /// <param name="model">The network.</param>
    /// <param name="inputInScratch">
    /// Whether a⁰ is a copy on the stack (the lanes path) rather than the caller's input, and with it
    /// inference's a^L a span the outputs are copied from rather than the caller's output.
    /// </param>
    public SpanScratch(NetworkModel model, bool inputInScratch)
    {
        _model = model;
        _inputInScratch = inputInScratch;
    }

    /// <summary>
    /// The spans a pass declares, each with the layer whose size it takes, in order: the activations it
    /// keeps; in training the output logits z^L, which the loss step reads, and every error δ^L … δ¹.
    /// </summary>
    public IEnumerable<(string Name, int Layer)> Declared(Pass pass)
    {
        int L = _model.LayerCount;
        int first = _inputInScratch ? 0 : 1;
        int last = pass == Pass.Inference && _inputInScratch ? L : L - 1;
        for (int l = first; l <= last; l++)
        {
            yield return (LayerNames.Activation(l), l);
        }

        if (pass == Pass.Training)
        {
            yield return (LayerNames.PreActivation(L), L);
            for (int l = L; l >= 1; l--)
            {
                yield return (LayerNames.Error(l), l);
            }
        }
    }

    /// <summary>Where layer l's affine map goes: a^l, except training's output layer, whose logits z^L the loss step needs, and inference's output layer when it goes straight to the caller.</summary>
    public string LayerOutput(int l, Pass pass)
    {
        int L = _model.LayerCount;
        if (l < L)
        {
            return LayerNames.Activation(l);
        }

        return pass == Pass.Training ? LayerNames.PreActivation(L) : _inputInScratch ? LayerNames.Activation(L) : "output";
    }

    /// <summary>
    /// Scratch for the softmax of the loss step: δ^L, which holds e^(z^L − max) or p until the output
    /// error is written over it in place.
    /// </summary>
    public static string SoftmaxScratch(int L) => LayerNames.Error(L);

    /// <summary>
    /// Scratch for a^l one sample after another (the lanes path's gradient of layer l + 1): δ^l, free
    /// until the error one layer down is written into it, after that gradient.
    /// </summary>
    public static string SampleMajorActivations(int l) => LayerNames.Error(l);
}
