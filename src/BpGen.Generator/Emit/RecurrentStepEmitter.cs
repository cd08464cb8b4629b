using BpGen.Generator.Emit.Methods;
using BpGen.Generator.Emit.Paths;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// One forward time step of a recurrent network, every layer, dense and recurrent, written once for
/// <c>StepPass</c> (one stream's step) and for each step of <c>RecordSequence</c>, which also keeps what
/// backpropagation through time reads. A small network (<see cref="UnrollLimit"/>) is unrolled
/// (<see cref="UnrolledRecurrentStep"/>); a larger one makes one kernel call per layer over stack scratch:
/// <c>GruStep</c>/<c>LstmStep</c> for a recurrent layer, <c>Affine</c> and the activation for a dense one.
/// θ is read from an expression (<c>_parameters</c> of a trainable network), so a class whose
/// parameters are compiled in can take the same step from its own span.
/// </summary>
internal sealed class RecurrentStepEmitter
{
    /// <summary>
    /// Networks of at most this many parameters are unrolled. Set by speed (RecurrentUnrollBenchmarks
    /// with the limit raised, float, the unrolled step against the kernel step of the same network, one
    /// run): unrolled took 0.26 to 0.38 of the kernels' time for GRU and LSTM layers of 4 and 6 units
    /// (125 to 343 parameters), but 1.8 to 2 times it at 8 units (441, 585), and, in a run before the
    /// kernels summed gate rows eight at a time, 1.7 times it for a GRU of 8 units on 2 inputs (297): a
    /// layer of 8 units fills the kernels' vectors of 8 floats exactly, and the smallest such layer has 264
    /// parameters. The JIT's limits are far off: at 256 parameters StepPass and RecordSequence take 4 to
    /// 6 KB of IL and at most 140 locals, StepLanes (θ broadcast into a local per parameter) 9 to 11 KB
    /// and at most 390 locals, and RecurrentUnrolledTests keeps them under a third of the IL budget and a
    /// quarter of the locals.
    /// </summary>
    public const int UnrollLimit = 256;

    private readonly NetworkModel _model;
    private readonly NumericType _t;
    private readonly string _theta;

    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="theta">The expression θ is read from: the parameter array, or a frozen network's Parameters.</param>
    public RecurrentStepEmitter(NetworkModel model, NumericType t, string theta)
    {
        _model = model;
        _t = t;
        _theta = theta;
        Layout = RecurrentLayout.Of(model);
    }

    /// <summary>Where the state and the record's values sit.</summary>
    public RecurrentLayout Layout { get; }

    /// <summary>Whether the step is unrolled: every unit and gate a local, no kernel call.</summary>
    public bool Unrolled => Unrolls(_model);

    /// <summary>Whether <paramref name="model"/>'s step is unrolled (<see cref="UnrollLimit"/>).</summary>
    public static bool Unrolls(NetworkModel model) => model.ParameterCount <= UnrollLimit;

    /// <summary>The local <c>theta</c> every step reads: the parameter array where the step is unrolled (<see cref="MethodSignatures.DeclareTheta"/>).</summary>
    public void DeclareTheta(CodeWriter w) => MethodSignatures.DeclareTheta(w, _t, _theta, indexed: Unrolled);

    /// <summary>
    /// One step from the span <c>input</c> and the span <c>state</c>, which it moves on: into the span
    /// <c>output</c> (a^L, or p for softmax), or, when <paramref name="record"/>, into the step's record
    /// <c>at</c> (each layer's output, with zL for the losses that take it; each recurrent layer's state
    /// before the step and its gate cache), the layers above the top recurrent one only at a step with a
    /// target (<see cref="EachLayer"/>).
    /// </summary>
    public void Emit(CodeWriter w, bool record)
    {
        if (Unrolled)
        {
            var path = new UnrolledPath(_model, _t);
            path.DeclareInput(w, Pass.Inference);
            new UnrolledRecurrentStep(_model, Layout, _t, k => $"theta[{k}]").Emit(w, k => $"state[{k}]", record);
            if (!record)
            {
                path.WriteOutput(w);
            }

            return;
        }

        EachLayer(w, _model, record, l => EmitKernelLayer(w, l, record));
    }

    /// <summary>
    /// Whether a step of a recorded sequence has a target: every step has one when the targets cover every
    /// step, else only the last. BackPropagateSequence reads the layers above the top recurrent layer only there.
    /// </summary>
    internal const string TargetedStep = "everyStep || step == steps - 1";

    /// <summary>
    /// Every layer of one step, each by <paramref name="emit"/> after a blank line; when the step is
    /// recorded, the layers above the top recurrent layer inside one <c>if</c> (<see cref="TargetedStep"/>),
    /// since nothing reads their outputs at the other steps.
    /// </summary>
    internal static void EachLayer(CodeWriter w, NetworkModel model, bool record, System.Action<int> emit)
    {
        int top = model.TopRecurrentLayer, last = record ? top : model.LayerCount;
        for (int l = 1; l <= last; l++)
        {
            w.Line();
            emit(l);
        }

        if (last == model.LayerCount)
        {
            return;
        }

        w.Line();
        w.Line($"// The layers above layer {top}, the top recurrent one, only where BackPropagateSequence reads them: at a step with a target.");
        using (w.Block($"if ({TargetedStep})"))
        {
            for (int l = top + 1; l <= model.LayerCount; l++)
            {
                if (l > top + 1)
                {
                    w.Line();
                }

                emit(l);
            }
        }
    }

    /// <summary>Layer l by one kernel call, a^l into the record or onto the stack (the last layer into <c>output</c>).</summary>
    private void EmitKernelLayer(CodeWriter w, int l, bool record)
    {
        RecurrentLayout at = Layout;
        int n = _model.Sizes[l], inputs = _model.Sizes[l - 1], state = at.State[l];
        string x = l == 1 ? "input" : $"a{l - 1}", a = record || l < _model.LayerCount ? $"a{l}" : "output";
        Layer kind = _model.KindOf(l);
        w.Line(kind switch
        {
            Layer.Gru => $"// Layer {l}: GRU {inputs} → {n}. r, z = σ(W_i·x + b_i + W_h·h + b_h), n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h′ = (1 − z) ⊙ n + z ⊙ h.",
            Layer.Lstm => $"// Layer {l}: LSTM {inputs} → {n}. i, f, o = σ(…), g = tanh(…), c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′).",
            _ => $"// Layer {l}: dense {inputs} → {n}, {(l == _model.LayerCount && _model.Loss == Loss.SoftmaxCrossEntropy ? "softmax" : _model.ActivationOf(l).ToString())}.",
        });
        if (record)
        {
            w.Line($"global::System.Span<{_t.Name}> {a} = at.Slice({at.Output[l]}, {n});");
        }
        else if (a != "output")
        {
            w.Line($"global::System.Span<{_t.Name}> {a} = stackalloc {_t.Name}[{n}];");
        }

        if (kind == Layer.Dense)
        {
            EmitDense(w, l, x, a, keepLogits: record && l == _model.LayerCount && _model.Loss != Loss.MeanSquaredError);
            return;
        }

        // The kernels' outputs must not overlap their inputs: a record keeps the state before the step
        // and the kernel reads it there; a step reads it in place and copies the next state over it.
        string parameters = RecurrentEmitter.LayerParameters(_model.Layout, l, "theta");
        string h = record ? $"at.Slice({at.Previous[l]}, {n})" : $"state.Slice({state}, {n})";
        string cache = record ? $"at.Slice({at.Cache[l]}, {at.CacheLength(l)})" : $"cache{l}";
        if (record)
        {
            w.Line($"state.Slice({state}, {at.StateOf(l)}).CopyTo(at.Slice({at.Previous[l]}, {at.StateOf(l)}));");
        }
        else
        {
            w.Line($"global::System.Span<{_t.Name}> {cache} = stackalloc {_t.Name}[global::BpGen.Kernels.{(kind == Layer.Gru ? "Gru" : "Lstm")}CachePerUnit * {n}];");
        }

        if (kind == Layer.Gru)
        {
            w.Line($"global::BpGen.Kernels.GruStep({parameters}, {x}, {h}, {a}, {cache});");
            w.Line($"{a}.CopyTo(state.Slice({state}, {n}));");
            return;
        }

        string c = record ? $"at.Slice({at.Previous[l] + n}, {n})" : $"state.Slice({state + n}, {n})";
        string cNext = record ? $"state.Slice({state + n}, {n})" : $"c{l}";
        if (!record)
        {
            w.Line($"global::System.Span<{_t.Name}> {cNext} = stackalloc {_t.Name}[{n}];");
        }

        w.Line($"global::BpGen.Kernels.LstmStep({parameters}, {x}, {h}, {c}, {a}, {cNext}, {cache});");
        w.Line($"{a}.CopyTo(state.Slice({state}, {n}));");
        if (!record)
        {
            w.Line($"{cNext}.CopyTo(state.Slice({state + n}, {n}));");
        }
    }

    /// <summary>z = W·x + b into <paramref name="a"/>, then f in place (softmax for the output of SoftmaxCrossEntropy), unless the logits are kept.</summary>
    internal void EmitDense(CodeWriter w, int l, string input, string a, bool keepLogits)
    {
        ParameterLayout layout = _model.Layout;
        ParameterBlock weights = layout.Weights(l), biases = layout.Biases(l);
        bool softmax = l == _model.LayerCount && _model.Loss == Loss.SoftmaxCrossEntropy;
        Activation f = _model.ActivationOf(l);
        w.Line($"global::BpGen.Kernels.Affine(theta.Slice({weights.Offset}, {weights.Count}), theta.Slice({biases.Offset}, {biases.Count}), {input}, {a});");
        if (keepLogits)
        {
            w.Line($"// z{l} is recorded: the loss takes it as it is.");
        }
        else if (softmax)
        {
            w.Line($"global::BpGen.Kernels.Softmax({a});");
        }
        else if (ActivationCode.Kernel(f, a, _t) is string kernel)
        {
            w.Line($"global::BpGen.Kernels.{kernel};");
        }
        else if (f != Activation.Identity)
        {
            w.Line($"for (int i = 0; i < {a}.Length; i++) {a}[i] = {ActivationCode.Apply(f, $"{a}[i]", _t)};");
        }
    }
}
