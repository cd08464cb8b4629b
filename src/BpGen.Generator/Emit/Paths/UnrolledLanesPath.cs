using System.Globalization;
using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// ForwardBatch and BackwardBatch of an unrolled network: one sample per lane of a
/// <c>System.Numerics.Vector</c>, every neuron a vector local (<see cref="NeuronCode"/> over
/// vectors), every weight broadcast once into a local before the loop (a frozen network's from its
/// literal), and no kernel call per layer. The block of <c>lanes</c> samples starting at
/// <c>start</c> comes into lanes and goes back out by the runtime's shuffles; BackwardBatch sums
/// the gradient per lane, in one vector per parameter on the stack, and adds up the lanes at the end.
/// The skeleton (<see cref="Methods.MethodSkeletons"/>) runs the samples after the last whole vector,
/// and every sample where vectors are not hardware-accelerated, through the one-sample pass.
/// </summary>
internal sealed class UnrolledLanesPath : IPassSteps
{
    private readonly NetworkModel _model;
    private readonly NumericType _t;
    private readonly EquatableArray<double>? _constants;
    private readonly NeuronCode _neurons;

    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="skipLocalsInit">Whether the methods may leave their stack scratch uninitialized.</param>
    /// <param name="constants">θ as constants (a frozen network), or null to read θ.</param>
    public UnrolledLanesPath(NetworkModel model, NumericType t, bool skipLocalsInit, EquatableArray<double>? constants = null)
    {
        _model = model;
        _t = t;
        _constants = constants;
        _neurons = new NeuronCode(model, t.Lanes, Weight, i => $"targetLanes[{i}]");
        SkipLocalsInit = skipLocalsInit;
    }

    /// <summary>
    /// The batched methods go through lanes up to this many parameters, through the batched kernels
    /// above. Measured in one run (LanesBenchmarks, against the kernels): 2-3-2 (17 parameters) took
    /// 0.57 of the kernels' time forward and 0.29 backward; 8-16-4 (212) took 1.5 times it forward,
    /// where each weight costs a load, a multiply and an add per vector of samples and the kernels fuse
    /// one load into four vectors' multiply-adds, and 0.48 backward, but its lanes code added 38 KB of
    /// source to each such network and a third to the build of a project of 60 networks.
    /// </summary>
    public const int ParameterLimit = 64;

    /// <summary>Whether the batched methods of this unrolled network go through lanes (<see cref="ParameterLimit"/>).</summary>
    public static bool Pays(NetworkModel model) => model.ParameterCount <= ParameterLimit;

    public bool SkipLocalsInit { get; }

    public bool IndexesWeights => true;

    /// <summary>The vector type, e.g. <c>global::System.Numerics.Vector&lt;float&gt;</c>.</summary>
    public string Vector => _t.Lanes.Name;

    /// <summary>θ_k broadcast into every lane: the local <c>theta_k</c>.</summary>
    public static string Weight(int k) => $"theta_{k.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Every parameter broadcast into a vector local, once for all blocks; and the spans the block's
    /// inputs (and targets) come into lanes in and its outputs go out of.
    /// </summary>
    public void DeclareWeightsAndScratch(CodeWriter w, Pass pass)
    {
        w.Line("// θ_k in every lane, once for all blocks.");
        for (int k = 0; k < _model.ParameterCount; k++)
        {
            string value = _constants is { } constants ? ExactLiteral.Of(constants[k], _t) : $"theta[{k}]";
            w.Line($"var {Weight(k)} = new {Vector}({value});");
        }

        bool inputLanes = !IsPair(_model.InputSize), outputLanes = pass == Pass.Training || !IsPair(_model.OutputSize);
        if (inputLanes || outputLanes)
        {
            w.Line();
            w.Line("// A block's values in lanes, value k of sample s in lane s of vector k, on the stack.");
        }

        if (inputLanes)
        {
            Scratch(w, _t, "inputLanes", "InputSize");
        }

        if (outputLanes)
        {
            Scratch(w, _t, pass == Pass.Training ? "targetLanes" : "outputLanes", "OutputSize");
        }

        if (pass == Pass.Training)
        {
            w.Line("// ∂J/∂θ_k summed lane by lane over the blocks, added up once at the end.");
            Scratch(w, _t, "gradientLanes", "ParameterCount");
            if (SkipLocalsInit)
            {
                w.Line("gradientLanes.Clear();");
            }

            w.Line($"var lossLanes = {Vector}.Zero; // Σ J lane by lane");
        }

        w.Line();
    }

    /// <summary>A span of <paramref name="length"/> vectors on the stack, <c>lanes</c> values each: a block's values in lanes.</summary>
    public static void Scratch(CodeWriter w, NumericType t, string name, string length) =>
        w.Line($"global::System.Span<{t.Lanes.Name}> {name} = global::System.Runtime.InteropServices.MemoryMarshal.Cast<{t.Name}, {t.Lanes.Name}>(stackalloc {t.Name}[{length} * lanes]);");

    /// <summary>a⁰ (and in training y) of the block's samples, into lanes by the runtime's shuffles.</summary>
    public void DeclareInput(CodeWriter w, Pass pass)
    {
        const string block = "inputs.Slice(start * InputSize, lanes * InputSize)";
        if (pass == Pass.Training)
        {
            w.Line("global::BpGen.Kernels.ToVectorLanes(targets.Slice(start * OutputSize, lanes * OutputSize), targetLanes);");
        }

        if (IsPair(_model.InputSize))
        {
            w.Line($"var ({Activation(0, 0)}, {Activation(0, 1)}) = global::BpGen.Kernels.PairsToVectorLanes({block});");
            return;
        }

        w.Line($"global::BpGen.Kernels.ToVectorLanes({block}, inputLanes);");
        for (int j = 0; j < _model.InputSize; j++)
        {
            w.Line($"var {Activation(0, j)} = inputLanes[{j}];");
        }
    }

    /// <summary>
    /// Samples of two values move into and out of lanes in registers (<c>Kernels.PairsToVectorLanes</c>,
    /// <c>PairsFromVectorLanes</c>): through stack vectors the moves sat on the pass's longest chain.
    /// </summary>
    private static bool IsPair(int size) => size == 2;

    public void Layer(CodeWriter w, int l, Pass pass) => _neurons.Layer(w, l);

    /// <summary>a^L (or p) of the block's samples back where their outputs go.</summary>
    public void WriteOutput(CodeWriter w)
    {
        w.Line();
        const string block = "outputs.Slice(start * OutputSize, lanes * OutputSize)";
        int L = _model.LayerCount;
        if (IsPair(_model.OutputSize))
        {
            w.Line($"global::BpGen.Kernels.PairsFromVectorLanes({Activation(L, 0)}, {Activation(L, 1)}, {block});");
            return;
        }

        for (int i = 0; i < _model.OutputSize; i++)
        {
            w.Line($"outputLanes[{i}] = {Activation(L, i)};");
        }

        w.Line($"global::BpGen.Kernels.FromVectorLanes(outputLanes, {block});");
    }

    /// <summary>J of every lane as the one-sample code computes it (<see cref="LossEmitter"/>), summed lane by lane.</summary>
    public void LossAndOutputError(CodeWriter w)
    {
        new LossEmitter(_model, _t.Lanes).Emit(w, _neurons);
        w.Line("lossLanes += loss;");
    }

    /// <summary>δ^l·(a^(l−1))ᵀ and δ^l added into each parameter's vector of per-lane sums.</summary>
    public void Gradient(CodeWriter w, int l)
    {
        w.Line($"// ∂J/∂W{l}[i,j] = {Error(l)}[i]·{Activation(l - 1)}[j] and ∂J/∂b{l}[i] = {Error(l)}[i], lane by lane.");
        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            for (int j = 0; j < _model.Sizes[l - 1]; j++)
            {
                w.Line($"gradientLanes[{_neurons.WeightIndex(l, i, j)}] += {Error(l, i)} * {Activation(l - 1, j)};");
            }
        }

        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            w.Line($"gradientLanes[{_model.BiasOffset(l) + i}] += {Error(l, i)};");
        }
    }

    public void ErrorBelow(CodeWriter w, int l)
    {
        w.Line();
        _neurons.ErrorBelow(w, l);
    }
}
