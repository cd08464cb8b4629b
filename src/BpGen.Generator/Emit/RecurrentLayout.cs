using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// Where a recurrent network's values sit, computed once for every emitter: each recurrent layer's h
/// (then c) in the caller's state, and each value of one step's record, which the forward step writes and
/// backpropagation through time reads back (docs/design.md, 4.1).
/// </summary>
internal sealed class RecurrentLayout
{
    /// <summary>The values per unit of the gate cache the backward kernels read: r, z, n, W_hn·h + b_hn (GRU); i, f, g, o, tanh c′ (LSTM).</summary>
    private const int GruCachePerUnit = 4, LstmCachePerUnit = 5;

    private readonly NetworkModel _model;

    private RecurrentLayout(NetworkModel model, int layers)
    {
        _model = model;
        State = new int[layers + 1];
        Output = new int[layers + 1];
        Previous = new int[layers + 1];
        Cache = new int[layers + 1];
    }

    /// <summary>Σ over the recurrent layers of H (GRU: h) or 2H (LSTM: h then c).</summary>
    public int StateSize { get; private set; }

    /// <summary>Where a recurrent layer's h (then c) sit in the state.</summary>
    public int[] State { get; }

    /// <summary>The values one step records.</summary>
    public int PerStep { get; private set; }

    /// <summary>a^l (zL for the losses that take it), per layer.</summary>
    public int[] Output { get; }

    /// <summary>A recurrent layer's state before the step: h (then c).</summary>
    public int[] Previous { get; }

    /// <summary>A recurrent layer's gate cache.</summary>
    public int[] Cache { get; }

    /// <summary>The values of layer <paramref name="l"/>'s gate cache.</summary>
    public int CacheLength(int l) => (_model.KindOf(l) == Layer.Gru ? GruCachePerUnit : LstmCachePerUnit) * _model.Sizes[l];

    /// <summary>The state values of layer <paramref name="l"/>: H for a GRU, 2H for an LSTM, none for a dense layer.</summary>
    public int StateOf(int l) => _model.KindOf(l) switch
    {
        Layer.Gru => _model.Sizes[l],
        Layer.Lstm => 2 * _model.Sizes[l],
        _ => 0,
    };

    public static RecurrentLayout Of(NetworkModel model)
    {
        int L = model.LayerCount;
        var layout = new RecurrentLayout(model, L);
        int offset = 0, state = 0;
        for (int l = 1; l <= L; l++)
        {
            layout.Output[l] = offset;
            offset += model.Sizes[l];
            int stateSize = layout.StateOf(l);
            if (stateSize == 0)
            {
                continue;
            }

            layout.State[l] = state;
            state += stateSize;
            layout.Previous[l] = offset;
            offset += stateSize;
            layout.Cache[l] = offset;
            offset += layout.CacheLength(l);
        }

        layout.StateSize = state;
        layout.PerStep = offset;
        return layout;
    }
}
