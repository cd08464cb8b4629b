using System;
using System.Collections.Generic;
using System.Linq;
using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// A GRU or LSTM layer unrolled: every gate of every unit a local, in PyTorch's definitions
/// (docs/design.md, 1.6), over numbers (one stream) or over vectors of streams, one per lane, as
/// <see cref="NeuronCode"/> writes dense layers. The layer reads its input as the a^(l−1) locals and its
/// state as the locals <c>h1_0</c> (and <c>c1_0</c>) the caller declared, and declares h′ as a^l
/// (<c>a1_0</c>), which the layer above reads; the sums of products are NeuronCode's. σ and tanh are the
/// scalar functions of the kernels' tails (over vectors the runtime's vector functions), so the unrolled
/// step computes what the kernel step does, up to the order of additions.
/// </summary>
internal sealed class GateCode
{
    private readonly NetworkModel _model;
    private readonly NumericType _t;
    private readonly Func<int, string> _parameter;
    private readonly NeuronCode _neurons;

    /// <param name="model">The network.</param>
    /// <param name="t">The type of a unit's value: a number, or a vector of streams.</param>
    /// <param name="parameter">How the code reads θ_k.</param>
    /// <param name="neurons">The dense layers' code over the same values, whose sums the gates share.</param>
    public GateCode(NetworkModel model, NumericType t, Func<int, string> parameter, NeuronCode neurons)
    {
        _model = model;
        _t = t;
        _parameter = parameter;
        _neurons = neurons;
    }

    /// <summary>h_j, unit j's output at the step before: <c>h1_0</c>.</summary>
    public static string Hidden(int l, int j) => $"h{l}_{j}";

    /// <summary>c_j, an LSTM unit's cell at the step before: <c>c1_0</c>.</summary>
    public static string Cell(int l, int j) => $"c{l}_{j}";

    /// <summary>c′_j, an LSTM unit's next cell: <c>cNext1_0</c>.</summary>
    public static string NextCell(int l, int j) => $"cNext{l}_{j}";

    /// <summary>
    /// The locals of the gate cache the backward kernels read, in their order (gate after gate, H
    /// values each): r, z, n, W_hn·h + b_hn for a GRU; i, f, g, o, tanh c′ for an LSTM.
    /// </summary>
    public IEnumerable<string> Cache(int l)
    {
        string[] gates = _model.KindOf(l) == Layer.Gru ? new[] { "r", "z", "n", "hn" } : new[] { "i", "f", "g", "o", "tanhC" };
        return gates.SelectMany(gate => Enumerable.Range(0, _model.Sizes[l]).Select(j => $"{gate}{l}_{j}"));
    }

    /// <summary>
    /// A GRU layer: r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z = σ(…_z), n = tanh(W_in·x + b_in + r ⊙ hn)
    /// with hn = W_hn·h + b_hn, h′ = (1 − z) ⊙ n + z ⊙ h.
    /// </summary>
    public void Gru(CodeWriter w, int l)
    {
        int n = _model.Sizes[l];
        Gate(w, l, 0, "r", Sigmoid);
        Gate(w, l, 1, "z", Sigmoid);
        for (int j = 0; j < n; j++)
        {
            RecurrentPart(w, l, 2, "n", j);
        }

        Gate(w, l, 2, "n", _t.Tanh, j => $"r{l}_{j} * hn{l}_{j}");
        for (int j = 0; j < n; j++)
        {
            w.Line($"{_t.Local} {Activation(l, j)} = ({_t.Literal(1)} - z{l}_{j}) * n{l}_{j} + z{l}_{j} * {Hidden(l, j)};");
        }
    }

    /// <summary>An LSTM layer: i, f, o = σ(W_i·x + b_i + W_h·h + b_h) and g = tanh(…) by their rows, c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′).</summary>
    public void Lstm(CodeWriter w, int l)
    {
        int n = _model.Sizes[l];
        Gate(w, l, 0, "i", Sigmoid);
        Gate(w, l, 1, "f", Sigmoid);
        Gate(w, l, 2, "g", _t.Tanh);
        Gate(w, l, 3, "o", Sigmoid);
        for (int j = 0; j < n; j++)
        {
            w.Line($"{_t.Local} {NextCell(l, j)} = f{l}_{j} * {Cell(l, j)} + i{l}_{j} * g{l}_{j};");
        }

        for (int j = 0; j < n; j++)
        {
            w.Line($"{_t.Local} tanhC{l}_{j} = {_t.Tanh(NextCell(l, j))};");
            w.Line($"{_t.Local} {Activation(l, j)} = o{l}_{j} * tanhC{l}_{j};");
        }
    }

    /// <summary>The comment that opens layer l: its gates in the notation of docs/design.md, and where their rows lie in θ.</summary>
    public void Comment(CodeWriter w, int l)
    {
        int n = _model.Sizes[l];
        string x = Activation(l - 1), h = $"h{l}";
        if (_model.KindOf(l) == Layer.Gru)
        {
            w.Line($"// Layer {l} (GRU {_model.Sizes[l - 1]} → {n}): r{l} = σ(W_ir·{x} + b_ir + W_hr·{h} + b_hr), z{l} = σ(W_iz·{x} + b_iz + W_hz·{h} + b_hz),");
            w.Line($"//   n{l} = tanh(W_in·{x} + b_in + r{l} ⊙ hn{l}) with hn{l} = W_hn·{h} + b_hn, and {Activation(l)} = {h}′ = (1 − z{l}) ⊙ n{l} + z{l} ⊙ {h}.");
            WeightComment(w, l, "r, z, n");
        }
        else
        {
            w.Line($"// Layer {l} (LSTM {_model.Sizes[l - 1]} → {n}): i{l}, f{l}, o{l} = σ(weight_ih·{x} + bias_ih + weight_hh·{h} + bias_hh) and g{l} = tanh(…) by their gate rows,");
            w.Line($"//   c{l}′ = f{l} ⊙ c{l} + i{l} ⊙ g{l} (cNext{l}), and {Activation(l)} = {h}′ = o{l} ⊙ tanh(c{l}′) (tanhC{l}).");
            WeightComment(w, l, "i, f, g, o");
        }

        string gate = _model.KindOf(l) == Layer.Gru ? "r" : "i";
        w.Line($"//   A gate's weight_ih·x + bias_ih and weight_hh·h + bias_hh are x{gate}{l}_0 and h{gate}{l}_0 for {gate}{l}_0.");
    }

    /// <summary>σ(v) of a sum v, parenthesized, since the scalar form negates it.</summary>
    private string Sigmoid(string v) => ActivationCode.Apply(BpGen.Activation.Sigmoid, $"({v})", _t);

    /// <summary>Where the rows of gate g lie in θ, for the comment that opens the layer.</summary>
    private void WeightComment(CodeWriter w, int l, string gates)
    {
        ParameterLayout layout = _model.Layout;
        int n = _model.Sizes[l], inputs = _model.Sizes[l - 1];
        int input = layout.Find(ParameterBlockKind.InputWeights, l).Offset, recurrent = layout.Find(ParameterBlockKind.RecurrentWeights, l).Offset;
        int inputBias = layout.Find(ParameterBlockKind.InputBiases, l).Offset, recurrentBias = layout.Find(ParameterBlockKind.RecurrentBiases, l).Offset;
        w.Line($"//   Row j of gate q ({gates}: q = 0, 1, …) is row {n}·q + j: weight_ih{l}[row, k] = theta[{input} + {inputs}·row + k], weight_hh{l}[row, k] = theta[{recurrent} + {n}·row + k],");
        w.Line($"//   bias_ih{l}[row] = theta[{inputBias} + row], bias_hh{l}[row] = theta[{recurrentBias} + row].");
    }

    /// <summary>
    /// Gate <paramref name="gate"/> of every unit: its input part W_i·x + b_i (<c>xr1_0</c>) and its
    /// recurrent part W_h·h + b_h (<c>hr1_0</c>), two sums the processor runs side by side, as the kernels
    /// compute them; then the gate f(x-part + h-part) (<c>r1_0</c>), or with <paramref name="recurrent"/>
    /// the h-part's place taken by another term (n's r ⊙ hn).
    /// </summary>
    private void Gate(CodeWriter w, int l, int gate, string name, Func<string, string> f, Func<int, string>? recurrent = null)
    {
        int n = _model.Sizes[l];
        for (int j = 0; j < n; j++)
        {
            _neurons.DeclareSum(w, $"x{name}{l}_{j}", InputProducts(l, gate, j).ToList(), _parameter(InputBias(l, gate, j)), ";");
            if (recurrent is null)
            {
                RecurrentPart(w, l, gate, name, j);
            }
        }

        for (int j = 0; j < n; j++)
        {
            w.Line($"{_t.Local} {name}{l}_{j} = {f($"x{name}{l}_{j} + {recurrent?.Invoke(j) ?? $"h{name}{l}_{j}"}")};");
        }
    }

    /// <summary>W_h·h + b_h of gate <paramref name="gate"/>'s row for unit j: <c>hr1_0</c>.</summary>
    private void RecurrentPart(CodeWriter w, int l, int gate, string name, int j) =>
        _neurons.DeclareSum(w, $"h{name}{l}_{j}", RecurrentProducts(l, gate, j).ToList(), _parameter(RecurrentBias(l, gate, j)), ";");

    private IEnumerable<(string Weight, string Value)> InputProducts(int l, int gate, int j)
    {
        int inputs = _model.Sizes[l - 1], row = Row(l, gate, j);
        int offset = _model.Layout.Find(ParameterBlockKind.InputWeights, l).Offset;
        return Enumerable.Range(0, inputs).Select(k => (_parameter(offset + row * inputs + k), Activation(l - 1, k)));
    }

    private IEnumerable<(string Weight, string Value)> RecurrentProducts(int l, int gate, int j)
    {
        int n = _model.Sizes[l], row = Row(l, gate, j);
        int offset = _model.Layout.Find(ParameterBlockKind.RecurrentWeights, l).Offset;
        return Enumerable.Range(0, n).Select(k => (_parameter(offset + row * n + k), Hidden(l, k)));
    }

    private int InputBias(int l, int gate, int j) => _model.Layout.Find(ParameterBlockKind.InputBiases, l).Offset + Row(l, gate, j);

    private int RecurrentBias(int l, int gate, int j) => _model.Layout.Find(ParameterBlockKind.RecurrentBiases, l).Offset + Row(l, gate, j);

    /// <summary>Gate rows are stacked in PyTorch's order, H rows each.</summary>
    private int Row(int l, int gate, int j) => gate * _model.Sizes[l] + j;
}
