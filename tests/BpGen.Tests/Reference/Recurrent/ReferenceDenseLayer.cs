namespace BpGen.Tests.Reference;

/// <summary>y = f(W·x + b) at each step independently; no state.</summary>
public sealed record ReferenceDenseLayer(int Size, Activation Activation) : ReferenceLayer(Size)
{
    public override int StateSize => 0;

    public override int ParameterCount(int inputs) => Size * (inputs + 1);

    public override bool IsWeight(int inputs, int k) => k < Size * inputs;

    public override double[] Forward(double[] theta, int offset, double[] x, double[] state, out double[] next)
    {
        next = [];
        Activation f = Activation;
        return ReferenceAffine.Apply(theta, offset, offset + Size * x.Length, Size, x.Length, x).Select(v => ReferenceMlp.F(f, v)).ToArray();
    }

    public override double[] Backward(double[] theta, int offset, double[] x, double[] state, double[] outputDelta, double[] nextStateDelta, double[] gradient, out double[] stateDelta)
    {
        stateDelta = [];
        int biases = offset + Size * x.Length;
        double[] z = ReferenceAffine.Apply(theta, offset, biases, Size, x.Length, x);
        double[] delta = z.Select((v, i) => outputDelta[i] * ReferenceMlp.Derivative(Activation, v)).ToArray();
        return ReferenceAffine.Backpropagate(theta, offset, biases, Size, x.Length, x, delta, gradient);
    }
}
