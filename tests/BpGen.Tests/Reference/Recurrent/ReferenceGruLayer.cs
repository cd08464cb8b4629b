namespace BpGen.Tests.Reference;

/// <summary>
/// PyTorch's GRU cell, state h:
/// r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z = σ(W_iz·x + b_iz + W_hz·h + b_hz),
/// n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h′ = (1 − z) ⊙ n + z ⊙ h; the output is h′.
/// </summary>
public sealed record ReferenceGruLayer(int Size) : ReferenceGatedLayer(Size)
{
    protected override int Gates => 3;

    public override int StateSize => Size;

    public override double[] Forward(double[] theta, int offset, double[] x, double[] state, out double[] next)
    {
        Cell cell = Compute(theta, offset, x, state);
        next = cell.Next;
        return cell.Next;
    }

    public override double[] Backward(double[] theta, int offset, double[] x, double[] state, double[] outputDelta, double[] nextStateDelta, double[] gradient, out double[] stateDelta)
    {
        int h = Size;
        Cell cell = Compute(theta, offset, x, state);
        var input = new double[Gates * h]; // ∂J/∂(W_i·x + b_i), rows r, z, n
        var hidden = new double[Gates * h]; // ∂J/∂(W_h·h + b_h)
        var direct = new double[h]; // ∂J/∂h through z ⊙ h
        for (int j = 0; j < h; j++)
        {
            double next = outputDelta[j] + nextStateDelta[j]; // h′ is both the output and the next state
            double r = cell.R[j], z = cell.Z[j], n = cell.N[j];
            double dn = next * (1 - z) * (1 - n * n);
            double dz = next * (state[j] - n) * z * (1 - z);
            double dr = dn * cell.HiddenN[j] * r * (1 - r);
            input[j] = hidden[j] = dr;
            input[h + j] = hidden[h + j] = dz;
            input[2 * h + j] = dn;
            hidden[2 * h + j] = dn * r;
            direct[j] = next * z;
        }

        (double[] dx, double[] dh) = BackpropagateAffines(theta, offset, x, state, input, hidden, gradient);
        stateDelta = dh.Select((v, j) => v + direct[j]).ToArray();
        return dx;
    }

    private Cell Compute(double[] theta, int offset, double[] x, double[] state)
    {
        int h = Size;
        (double[] fromInput, double[] fromHidden) = Affines(theta, offset, x, state);
        var cell = new Cell(new double[h], new double[h], new double[h], new double[h], new double[h]);
        for (int j = 0; j < h; j++)
        {
            cell.R[j] = ReferenceMlp.F(Activation.Sigmoid, fromInput[j] + fromHidden[j]);
            cell.Z[j] = ReferenceMlp.F(Activation.Sigmoid, fromInput[h + j] + fromHidden[h + j]);
            cell.HiddenN[j] = fromHidden[2 * h + j];
            cell.N[j] = Math.Tanh(fromInput[2 * h + j] + cell.R[j] * cell.HiddenN[j]);
            cell.Next[j] = (1 - cell.Z[j]) * cell.N[j] + cell.Z[j] * state[j];
        }

        return cell;
    }

    /// <summary>The gates of one step, W_hn·h + b_hn (which r scales), and h′.</summary>
    private sealed record Cell(double[] R, double[] Z, double[] N, double[] HiddenN, double[] Next);
}
