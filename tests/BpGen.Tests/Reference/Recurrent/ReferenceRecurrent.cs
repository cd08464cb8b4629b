namespace BpGen.Tests.Reference;

/// <summary>
/// A textbook recurrent network in double and plain loops, written from PyTorch's definitions of
/// nn.GRU and nn.LSTM and nothing of BpGen but its enums, its loss table and its dense layers
/// (<see cref="ReferenceAffine"/>, <see cref="ReferenceLoss"/>, shared with <see cref="ReferenceMlp"/>).
/// Each hidden layer maps (x_t, its state) to (y_t, its next state); dense layers have no state and act
/// on each step's vector alone. The output layer is dense with BpGen's loss, applied to the top layer's
/// y_t at each step. States start at 0 for a sequence. J of a sequence is the mean of the per-sample
/// loss over the steps that have targets; its gradient is computed by backpropagation through time.
/// </summary>
public sealed class ReferenceRecurrent
{
    private readonly ReferenceLayer[] _layers; // the hidden layers, then the output layer's logits
    private readonly int[] _inputs; // the input size of each of _layers
    private readonly int[] _offsets; // where each layer's parameters start in θ
    private readonly ReferenceLoss _output;

    /// <param name="inputSize">n0.</param>
    /// <param name="hidden">The hidden layers, first first.</param>
    /// <param name="outputSize">nL.</param>
    /// <param name="output">f of the output layer; read for <see cref="Loss.MeanSquaredError"/> only.</param>
    /// <param name="loss">The loss, which fixes the output layer of the other two.</param>
    public ReferenceRecurrent(int inputSize, ReferenceLayer[] hidden, int outputSize, Activation output, Loss loss)
    {
        _layers = [.. hidden, ReferenceLayer.Dense(outputSize, Activation.Identity)];
        _inputs = new int[_layers.Length];
        _offsets = new int[_layers.Length];
        int inputs = inputSize, offset = 0;
        for (int l = 0; l < _layers.Length; l++)
        {
            _inputs[l] = inputs;
            _offsets[l] = offset;
            offset += _layers[l].ParameterCount(inputs);
            inputs = _layers[l].Size;
        }

        _output = new ReferenceLoss(loss, output);
        InputSize = inputSize;
        OutputSize = outputSize;
        Parameters = new double[offset];
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>The loss and the output layer's f.</summary>
    public ReferenceLoss OutputLayer => _output;

    /// <summary>
    /// θ, layer after layer in PyTorch's state_dict order: a dense layer's W (n_out × n_in, row-major) then b;
    /// a GRU's or LSTM's weight_ih, weight_hh, bias_ih, bias_hh (gate rows r, z, n or i, f, g, o).
    /// </summary>
    public double[] Parameters { get; }

    /// <summary>The length of the state a step takes and returns: each hidden layer's in turn (GRU: h; LSTM: h then c; dense: nothing).</summary>
    public int StateSize => _layers.Sum(layer => layer.StateSize);

    /// <summary>Whether θ_k is a weight (weight_ih, weight_hh or a dense W; decayed by L2) rather than a bias.</summary>
    public bool IsWeight(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Parameters.Length);
        int l = Array.FindLastIndex(_offsets, offset => offset <= k);
        return _layers[l].IsWeight(_inputs[l], k - _offsets[l]);
    }

    /// <summary>Every θ_k drawn uniformly from [−limit, limit) by <see cref="SeededRandom"/>: biases included, so they are not 0.</summary>
    public void InitializeParameters(int seed, double limit = 0.5)
    {
        var random = new SeededRandom(seed);
        for (int k = 0; k < Parameters.Length; k++)
        {
            Parameters[k] = random.NextUniform(limit);
        }
    }

    /// <summary>The state every sequence starts from: all 0.</summary>
    public double[] InitialState() => new double[StateSize];

    /// <summary>One time step from <paramref name="state"/>: what Forward returns for x_t (a^L, p or σ(z)) and the next state.</summary>
    public (double[] Output, double[] State) Step(double[] input, double[] state)
    {
        double[] logits = Logits(input, SplitState(state), new double[_layers.Length][], out double[][] next);
        return (_output.Forward(logits), next.SelectMany(s => s).ToArray());
    }

    /// <summary>The outputs at each step of <paramref name="inputs"/> (T × n0) from the initial state: T × nL.</summary>
    public double[][] ForwardSequence(double[][] inputs)
    {
        double[] state = InitialState();
        var outputs = new double[inputs.Length][];
        for (int t = 0; t < inputs.Length; t++)
        {
            (outputs[t], state) = Step(inputs[t], state);
        }

        return outputs;
    }

    /// <summary>J: the mean over the steps with targets of the per-sample loss of the loss table, from <paramref name="start"/> (by default the initial state).</summary>
    public double Loss(double[][] inputs, double[][] targets, SequenceTargets which, double[]? start = null)
    {
        int[] steps = TargetedSteps(inputs.Length, targets.Length, which);
        double[][] logits = Trace(inputs, start ?? InitialState()).Logits;
        return steps.Select((t, k) => _output.Of(logits[t], targets[k])).Sum() / steps.Length;
    }

    /// <summary>
    /// ∂J/∂θ by backpropagation through time, in the layout of <see cref="Parameters"/>, from <paramref name="start"/>
    /// (by default the initial state), which is held constant: nothing flows back into it.
    /// </summary>
    public double[] Gradient(double[][] inputs, double[][] targets, SequenceTargets which, double[]? start = null)
    {
        int[] steps = TargetedSteps(inputs.Length, targets.Length, which);
        (double[][][] layerInputs, double[][][] states, double[][] logits) = Trace(inputs, start ?? InitialState());

        // From the last step back: each step's δ from its target (if any) meets what later steps send back through the states.
        var gradient = new double[Parameters.Length];
        double[][] stateDelta = _layers.Select(layer => new double[layer.StateSize]).ToArray();
        for (int t = inputs.Length - 1; t >= 0; t--)
        {
            int target = Array.IndexOf(steps, t);
            double[] delta = target < 0
                ? new double[OutputSize]
                : _output.Delta(logits[t], targets[target]).Select(d => d / steps.Length).ToArray();
            for (int l = _layers.Length - 1; l >= 0; l--)
            {
                delta = _layers[l].Backward(Parameters, _offsets[l], layerInputs[t][l], states[t][l], delta, stateDelta[l], gradient, out stateDelta[l]);
            }
        }

        return gradient;
    }

    /// <summary>The sequence from <paramref name="start"/>, keeping what each layer saw at each step (its input and its state) and the logits z^L.</summary>
    private (double[][][] LayerInputs, double[][][] States, double[][] Logits) Trace(double[][] inputs, double[] start)
    {
        var layerInputs = new double[inputs.Length][][];
        var states = new double[inputs.Length][][];
        var logits = new double[inputs.Length][];
        double[][] state = SplitState(start);
        for (int t = 0; t < inputs.Length; t++)
        {
            states[t] = state;
            layerInputs[t] = new double[_layers.Length][];
            logits[t] = Logits(inputs[t], state, layerInputs[t], out state);
        }

        return (layerInputs, states, logits);
    }

    /// <summary>z^L of one step from each layer's state; each layer's input goes into <paramref name="layerInputs"/>, its next state into <paramref name="next"/>.</summary>
    private double[] Logits(double[] input, double[][] states, double[][] layerInputs, out double[][] next)
    {
        Assert.Equal(InputSize, input.Length);
        next = new double[_layers.Length][];
        double[] y = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            layerInputs[l] = y;
            y = _layers[l].Forward(Parameters, _offsets[l], y, states[l], out next[l]);
        }

        return y;
    }

    /// <summary>Each layer's part of a whole state.</summary>
    private double[][] SplitState(double[] state)
    {
        Assert.Equal(StateSize, state.Length);
        var states = new double[_layers.Length][];
        for (int l = 0, at = 0; l < _layers.Length; at += _layers[l].StateSize, l++)
        {
            states[l] = state[at..(at + _layers[l].StateSize)];
        }

        return states;
    }

    /// <summary>The steps the targets belong to, in order: all T, or the last.</summary>
    private static int[] TargetedSteps(int length, int targets, SequenceTargets which)
    {
        Assert.True(length > 0, "a sequence needs at least one step");
        int[] steps = which == SequenceTargets.EveryStep ? Enumerable.Range(0, length).ToArray() : [length - 1];
        Assert.True(steps.Length == targets, $"{which} over {length} steps needs {steps.Length} target rows, found {targets}");
        return steps;
    }
}
