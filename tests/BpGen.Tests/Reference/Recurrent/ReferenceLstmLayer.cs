namespace BpGen.Tests.Reference;

/// <summary>
/// PyTorch's LSTM cell (no peepholes, no projection), state h then c: with v = W_i·x + b_i + W_h·h + b_h
/// in rows i, f, g, o: i, f, o = σ(v), g = tanh(v), c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′); the output is h′.
/// </summary>
public sealed record ReferenceLstmLayer(int Size) : ReferenceGatedLayer(Size)
{
    protected override int Gates => 4;

    public override int StateSize => 2 * Size;

    public override double[] Forward(double[] theta, int offset, double[] x, double[] state, out double[] next)
    {
        Cell cell = Compute(theta, offset, x, state);
        next = [.. cell.H, .. cell.C];
        return cell.H;
    }

    public override double[] Backward(double[] theta, int offset, double[] x, double[] state, double[] outputDelta, double[] nextStateDelta, double[] gradient, out double[] stateDelta)
    {
        int h = Size;
        Cell cell = Compute(theta, offset, x, state);
        var gates = new double[Gates * h]; // ∂J/∂v, rows i, f, g, o
        var dc = new double[h]; // ∂J/∂c
        for (int j = 0; j < h; j++)
        {
            double i = cell.I[j], f = cell.F[j], g = cell.G[j], o = cell.O[j], tanhC = Math.Tanh(cell.C[j]);
            double dNextH = outputDelta[j] + nextStateDelta[j]; // h′ is both the output and part of the next state
            double dNextC = nextStateDelta[h + j] + dNextH * o * (1 - tanhC * tanhC);
            gates[j] = dNextC * g * i * (1 - i);
            gates[h + j] = dNextC * state[h + j] * f * (1 - f);
            gates[2 * h + j] = dNextC * i * (1 - g * g);
            gates[3 * h + j] = dNextH * tanhC * o * (1 - o);
            dc[j] = dNextC * f;
        }

        (double[] dx, double[] dh) = BackpropagateAffines(theta, offset, x, state[..h], gates, gates, gradient);
        stateDelta = [.. dh, .. dc];
        return dx;
    }

    private Cell Compute(double[] theta, int offset, double[] x, double[] state)
    {
        int h = Size;
        (double[] fromInput, double[] fromHidden) = Affines(theta, offset, x, state[..h]);
        double[] v = fromInput.Select((value, k) => value + fromHidden[k]).ToArray();
        var cell = new Cell(new double[h], new double[h], new double[h], new double[h], new double[h], new double[h]);
        for (int j = 0; j < h; j++)
        {
            cell.I[j] = ReferenceMlp.F(Activation.Sigmoid, v[j]);
            cell.F[j] = ReferenceMlp.F(Activation.Sigmoid, v[h + j]);
            cell.G[j] = Math.Tanh(v[2 * h + j]);
            cell.O[j] = ReferenceMlp.F(Activation.Sigmoid, v[3 * h + j]);
            cell.C[j] = cell.F[j] * state[h + j] + cell.I[j] * cell.G[j];
            cell.H[j] = cell.O[j] * Math.Tanh(cell.C[j]);
        }

        return cell;
    }

    /// <summary>The gates of one step and the new c′ and h′.</summary>
    private sealed record Cell(double[] I, double[] F, double[] G, double[] O, double[] C, double[] H);
}
