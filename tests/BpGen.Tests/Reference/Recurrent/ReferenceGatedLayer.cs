namespace BpGen.Tests.Reference;

/// <summary>
/// What GRU and LSTM layers share: their gates' pre-activations W_i·x + b_i and W_h·h + b_h, stacked gate
/// after gate (<see cref="Gates"/>·H rows), over θ in PyTorch's order weight_ih, weight_hh, bias_ih, bias_hh.
/// </summary>
public abstract record ReferenceGatedLayer(int Size) : ReferenceLayer(Size)
{
    /// <summary>3 for a GRU, 4 for an LSTM.</summary>
    protected abstract int Gates { get; }

    private int Rows => Gates * Size;

    public override int ParameterCount(int inputs) => Rows * (inputs + Size + 2);

    public override bool IsWeight(int inputs, int k) => k < Rows * (inputs + Size);

    /// <summary>W_i·x + b_i and W_h·h + b_h.</summary>
    protected (double[] FromInput, double[] FromHidden) Affines(double[] theta, int offset, double[] x, double[] h) =>
        (ReferenceAffine.Apply(theta, offset, BiasIh(offset, x.Length), Rows, x.Length, x),
         ReferenceAffine.Apply(theta, WeightHh(offset, x.Length), BiasIh(offset, x.Length) + Rows, Rows, Size, h));

    /// <summary>Adds the gradient of both into <paramref name="gradient"/> from their deltas; returns ∂J/∂x and the part of ∂J/∂h through W_h.</summary>
    protected (double[] Input, double[] Hidden) BackpropagateAffines(double[] theta, int offset, double[] x, double[] h, double[] inputDelta, double[] hiddenDelta, double[] gradient) =>
        (ReferenceAffine.Backpropagate(theta, offset, BiasIh(offset, x.Length), Rows, x.Length, x, inputDelta, gradient),
         ReferenceAffine.Backpropagate(theta, WeightHh(offset, x.Length), BiasIh(offset, x.Length) + Rows, Rows, Size, h, hiddenDelta, gradient));

    private int WeightHh(int offset, int inputs) => offset + Rows * inputs;

    private int BiasIh(int offset, int inputs) => WeightHh(offset, inputs) + Rows * Size;
}
