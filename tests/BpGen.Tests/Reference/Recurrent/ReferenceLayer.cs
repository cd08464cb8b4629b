namespace BpGen.Tests.Reference;

/// <summary>
/// One layer of a <see cref="ReferenceRecurrent"/> network, applied at each time step:
/// (x, s) ↦ (y, s′) with y of length <see cref="Size"/> and a state s of length <see cref="StateSize"/>
/// (empty for a dense layer). Its parameters lie at some offset of θ in PyTorch's state_dict order.
/// </summary>
/// <param name="Size">The length of the layer's output y (H for a recurrent layer).</param>
public abstract record ReferenceLayer(int Size)
{
    /// <summary>A dense layer y = f(W·x + b): W (Size × inputs, row-major), then b.</summary>
    public static ReferenceLayer Dense(int size, Activation activation) => new ReferenceDenseLayer(size, activation);

    /// <summary>A GRU layer of hidden size H (<paramref name="size"/>): weight_ih (3H × inputs), weight_hh (3H × H), bias_ih (3H), bias_hh (3H); gate rows r, z, n.</summary>
    public static ReferenceLayer Gru(int size) => new ReferenceGruLayer(size);

    /// <summary>An LSTM layer of hidden size H (<paramref name="size"/>): weight_ih (4H × inputs), weight_hh (4H × H), bias_ih (4H), bias_hh (4H); gate rows i, f, g, o.</summary>
    public static ReferenceLayer Lstm(int size) => new ReferenceLstmLayer(size);

    /// <summary>How many values of the state the layer carries from one step to the next: 0, H (h), or 2H (h then c).</summary>
    public abstract int StateSize { get; }

    /// <summary>How many parameters the layer has when its input has <paramref name="inputs"/> values.</summary>
    public abstract int ParameterCount(int inputs);

    /// <summary>Whether the layer's k-th parameter (counted from its offset) is a weight, decayed by L2, rather than a bias.</summary>
    public abstract bool IsWeight(int inputs, int k);

    /// <summary>One step: y from x and s, with the new state s′ in <paramref name="next"/>; θ of this layer starts at <paramref name="offset"/>.</summary>
    public abstract double[] Forward(double[] theta, int offset, double[] x, double[] state, out double[] next);

    /// <summary>
    /// The backward pass of one step at (x, s), given ∂J/∂y and ∂J/∂s′ (what later steps send back):
    /// adds ∂J/∂θ of this step into <paramref name="gradient"/>, returns ∂J/∂x and sets ∂J/∂s in <paramref name="stateDelta"/>.
    /// </summary>
    public abstract double[] Backward(double[] theta, int offset, double[] x, double[] state, double[] outputDelta, double[] nextStateDelta, double[] gradient, out double[] stateDelta);
}
