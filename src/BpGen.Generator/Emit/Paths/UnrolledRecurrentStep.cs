using System;
using System.Linq;
using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// One time step of a small recurrent network, every layer unrolled: dense layers by
/// <see cref="NeuronCode"/>, GRU and LSTM layers by <see cref="GateCode"/>, every θ_k at a constant
/// index. Over numbers it is the body of one stream's step and of each recorded step; over vectors of
/// streams, one per lane, the body of StepBatch. The caller declares the inputs (<c>a0_0</c> …) and
/// writes the outputs from the a^L locals; the step reads each recurrent layer's state before the layer
/// and writes the next state after it, and, when recording, writes what backpropagation through time
/// reads into the step's record <c>at</c> (<see cref="RecurrentLayout"/>).
/// </summary>
internal sealed class UnrolledRecurrentStep
{
    private readonly NetworkModel _model;
    private readonly RecurrentLayout _layout;
    private readonly NumericType _t;
    private readonly NeuronCode _neurons;
    private readonly GateCode _gates;

    /// <param name="model">The network.</param>
    /// <param name="layout">Where the state and the record's values sit.</param>
    /// <param name="t">The type of a value: a number, or a vector of streams.</param>
    /// <param name="parameter">How the code reads θ_k.</param>
    public UnrolledRecurrentStep(NetworkModel model, RecurrentLayout layout, NumericType t, Func<int, string> parameter)
    {
        _model = model;
        _layout = layout;
        _t = t;
        _neurons = new NeuronCode(model, t, parameter);
        _gates = new GateCode(model, t, parameter, _neurons);
    }

    /// <param name="w">The writer.</param>
    /// <param name="state">How the code names state value k, read before its layer and written after.</param>
    /// <param name="record">
    /// Whether to record the step into <c>at</c>; the output layer then keeps zL for the losses that take
    /// it, and the layers above the top recurrent one run only at a step with a target (the code has
    /// <c>everyStep</c>, <c>step</c> and <c>steps</c> in scope).
    /// </param>
    public void Emit(CodeWriter w, Func<int, string> state, bool record)
    {
        RecurrentStepEmitter.EachLayer(w, _model, record, l => EmitLayer(w, l, state, record));
    }

    /// <summary>Layer l's step: its neurons or gates, the state it moves on, and, when recording, its record.</summary>
    private void EmitLayer(CodeWriter w, int l, Func<int, string> state, bool record)
    {
        int n = _model.Sizes[l], offset = _layout.State[l];
        switch (_model.KindOf(l))
        {
            case Layer.Gru:
                _gates.Comment(w, l);
                ReadState(w, l, state, GateCode.Hidden, offset);
                _gates.Gru(w, l);
                WriteState(w, l, state, LayerNames.Activation, offset);
                break;
            case Layer.Lstm:
                _gates.Comment(w, l);
                ReadState(w, l, state, GateCode.Hidden, offset);
                ReadState(w, l, state, GateCode.Cell, offset + n);
                _gates.Lstm(w, l);
                WriteState(w, l, state, LayerNames.Activation, offset);
                WriteState(w, l, state, GateCode.NextCell, offset + n);
                break;
            default:
                if (record && l == _model.LayerCount && _model.Loss != Loss.MeanSquaredError)
                {
                    _neurons.PreActivations(w, l);
                    w.Line($"// z{l} is recorded: the loss takes it as it is.");
                    Record(w, _layout.Output[l], Enumerable.Range(0, n).Select(i => PreActivation(l, i)));
                    return;
                }

                _neurons.Layer(w, l);
                break;
        }

        if (record)
        {
            Record(w, l);
        }
    }

    /// <summary>Layer l's output, and a recurrent layer's state before the step and its gate cache, into the record.</summary>
    private void Record(CodeWriter w, int l)
    {
        int n = _model.Sizes[l];
        w.Line(_model.KindOf(l) switch
        {
            Layer.Gru => $"// Recorded: a{l}, h{l} before the step, and the cache r{l}, z{l}, n{l}, hn{l} that GruBackward reads.",
            Layer.Lstm => $"// Recorded: a{l}, h{l} and c{l} before the step, and the cache i{l}, f{l}, g{l}, o{l}, tanhC{l} that LstmBackward reads.",
            _ => $"// Recorded: a{l}.",
        });
        Record(w, _layout.Output[l], Enumerable.Range(0, n).Select(i => Activation(l, i)));
        if (_model.KindOf(l) == Layer.Dense)
        {
            return;
        }

        var previous = Enumerable.Range(0, n).Select(j => GateCode.Hidden(l, j));
        if (_model.KindOf(l) == Layer.Lstm)
        {
            previous = previous.Concat(Enumerable.Range(0, n).Select(j => GateCode.Cell(l, j)));
        }

        Record(w, _layout.Previous[l], previous);
        Record(w, _layout.Cache[l], _gates.Cache(l));
    }

    private static void Record(CodeWriter w, int offset, System.Collections.Generic.IEnumerable<string> values)
    {
        int k = offset;
        foreach (string value in values)
        {
            w.Line($"at[{k++}] = {value};");
        }
    }

    private void ReadState(CodeWriter w, int l, Func<int, string> state, Func<int, int, string> name, int offset)
    {
        for (int j = 0; j < _model.Sizes[l]; j++)
        {
            w.Line($"{_t.Local} {name(l, j)} = {state(offset + j)};");
        }
    }

    private void WriteState(CodeWriter w, int l, Func<int, string> state, Func<int, int, string> name, int offset)
    {
        for (int j = 0; j < _model.Sizes[l]; j++)
        {
            w.Line($"{state(offset + j)} = {name(l, j)};");
        }
    }
}
