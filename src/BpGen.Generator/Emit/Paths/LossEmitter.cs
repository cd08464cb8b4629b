using System;
using System.Collections.Generic;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// The loss step of every code path: the one place that decides, loss by loss, what each output adds to
/// J and what its error δ^L_i is (the formulas are <see cref="LossCode"/>'s). A path supplies only how it
/// writes values, through <see cref="ILossLayout"/>.
/// </summary>
internal sealed class LossEmitter
{
    private readonly NetworkModel _model;
    private readonly NumericType _t;

    public LossEmitter(NetworkModel model, NumericType t)
    {
        _model = model;
        _t = t;
    }

    public void Emit(CodeWriter w, ILossLayout layout)
    {
        int L = _model.LayerCount;
        string outputError = LossCode.OutputErrorNotation(_model.Loss, L);
        switch (_model.Loss)
        {
            case Loss.SoftmaxCrossEntropy:
                // δ_i = p_i − y_i: subtracted in place where the normalizer left p in δ^L.
                if (layout.Softmax(w) is not { } softmax)
                {
                    break;
                }

                layout.Write(w, softmax.Notation is { } notation ? new LossComments(notation, outputError) : null, softmax.Statements, o => new OutputLoss(
                    Locals: new List<(string, string)>(),
                    Term: LossCode.CrossEntropyTerm(o.Target, softmax.LogSum, o.Logit, softmax.Max),
                    TermIsSum: false,
                    TermsPerLine: 2,
                    Error: softmax.Probability(o) is { } p ? new OutputErrorValue("=", $"{p} - {o.Target}") : new OutputErrorValue("-=", o.Target)));
                break;

            case Loss.BinaryCrossEntropy:
                // Without a^L kept, a = σ(z) is computed here from the logit, and the comment says so.
                bool keepsActivations = layout.Output(0).Activation is not null;
                string sigmoid = keepsActivations ? "" : $" with {LayerNames.Activation(L)} = σ({LayerNames.PreActivation(L)})";
                layout.Write(w, new LossComments(Notation(), outputError + sigmoid), Array.Empty<string>(), o =>
                {
                    var locals = new List<(string, string)>();
                    string z = Logit(o, locals);
                    return new OutputLoss(
                        Locals: locals,
                        Term: LossCode.BinaryCrossEntropyTerm(z, o.Target, _t),
                        TermIsSum: true,
                        TermsPerLine: 1,
                        Error: new OutputErrorValue("=", $"{o.Activation ?? ActivationCode.Apply(Activation.Sigmoid, z, _t)} - {o.Target}"));
                });
                break;

            default:
                Activation output = _model.ActivationOf(L);
                layout.Write(w, new LossComments(Notation(), outputError), Array.Empty<string>(), o =>
                {
                    var locals = new List<(string, string)>();
                    string z = Logit(o, locals);
                    string a = o.Activation ?? Declare(locals, o.Local("a"), ActivationCode.Apply(output, z, _t));
                    string error = Declare(locals, o.Local("error"), $"{a} - {o.Target}");
                    return new OutputLoss(
                        Locals: locals,
                        // ½·e² per output, as the looped path sums it: ½·Σ e² would overflow where J does not.
                        Term: $"{_t.Literal(0.5)} * {error} * {error}",
                        TermIsSum: false,
                        TermsPerLine: 6,
                        Error: new OutputErrorValue("=", LossCode.SquaredErrorDelta(error, output, a, _t)));
                });
                break;
        }
    }

    /// <summary>J's notation for the losses without a softmax, whose max and sum it does not name.</summary>
    private string Notation() => LossCode.Notation(_model.Loss, _model.LayerCount, "max", "sum");

    /// <summary>
    /// z_i where it is read more than once: the local of a path that keeps the output layer's values as
    /// locals (its a_i is known), else a local read once from the path's span.
    /// </summary>
    private static string Logit(OutputValues o, List<(string, string)> locals) =>
        o.Activation is not null ? o.Logit : Declare(locals, o.Local("z"), o.Logit);

    private static string Declare(List<(string, string)> locals, string name, string value)
    {
        locals.Add((name, value));
        return name;
    }
}
