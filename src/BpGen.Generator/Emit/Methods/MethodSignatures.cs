using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Methods;

/// <summary>
/// The documented signatures of Forward, Backward, TrainStep, Update, ForwardBatch and BackwardBatch, with their argument checks.
/// Each opens the method and returns its block, which the caller closes once it has written the body.
/// </summary>
internal static class MethodSignatures
{
    // Documentation lines that several signatures share.
    private const string InputParam = "/// <param name=\"input\">The <see cref=\"InputSize\"/> inputs a0.</param>";
    private const string TargetParam = "/// <param name=\"target\">The <see cref=\"OutputSize\"/> expected outputs y.</param>";
    private const string SpanLengthException = "/// <exception cref=\"global::System.ArgumentException\">A span does not have the length named above.</exception>";
    private const string InputsParam = "/// <param name=\"inputs\">m · <see cref=\"InputSize\"/> inputs, sample after sample; m ≥ 0.</param>";
    private const string LearningRateParam = "/// <param name=\"learningRate\">α, finite and ≥ 0.</param>";
    private const string L2Param = "/// <param name=\"l2\">λ, finite and ≥ 0, the L2 weight decay; biases are not decayed.</param>";
    private const string RateException = "/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The learning rate or λ is negative, NaN or infinite.</exception>";

    public static CodeWriter.BlockScope OpenForward(CodeWriter w, NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        w.Line("/// <summary>");
        w.Line(model.Loss == Loss.SoftmaxCrossEntropy
            ? "/// The forward pass: writes the class probabilities p = softmax(zL) into <paramref name=\"output\"/>."
            : "/// The forward pass: writes the network's outputs aL into <paramref name=\"output\"/>.");
        w.Line("/// Allocates nothing; safe to call from several threads at once.");
        w.Line("/// </summary>");
        w.Line(InputParam);
        w.Line("/// <param name=\"output\">Receives the <see cref=\"OutputSize\"/> outputs.</param>");
        w.Line(SpanLengthException);
        MethodAttributes(w, skipLocalsInit);
        CodeWriter.BlockScope method = w.Block($"public void Forward({ForwardParameters(t)})");
        LengthCheck(w, "input", "InputSize");
        LengthCheck(w, "output", "OutputSize");
        return method;
    }

    public static CodeWriter.BlockScope OpenBackward(CodeWriter w, NumericType t, bool skipLocalsInit)
    {
        w.Line("/// <summary>");
        w.Line("/// Forward and backward pass for one sample: adds ∂J/∂θ (without the L2 term) into");
        w.Line("/// <paramref name=\"gradient\"/> and returns the sample's loss J. Parameters are not changed.");
        w.Line("/// Allocates nothing; safe to call from several threads at once with separate gradients.");
        w.Line("/// </summary>");
        w.Line(InputParam);
        w.Line(TargetParam);
        w.Line("/// <param name=\"gradient\"><see cref=\"ParameterCount\"/> sums, in the layout of <see cref=\"Parameters\"/>, that the gradient is added to.</param>");
        w.Line("/// <returns>The loss J of this sample.</returns>");
        w.Line(SpanLengthException);
        MethodAttributes(w, skipLocalsInit);
        CodeWriter.BlockScope method = w.Block($"public {t.Name} Backward({BackwardParameters(t)})");
        LengthCheck(w, "input", "InputSize");
        LengthCheck(w, "target", "OutputSize");
        LengthCheck(w, "gradient", "ParameterCount");
        return method;
    }

    /// <param name="fused">Whether each layer descends in the pass itself, or the step is Backward then Update.</param>
    public static CodeWriter.BlockScope OpenTrainStep(CodeWriter w, NumericType t, bool skipLocalsInit, bool fused)
    {
        w.Line("/// <summary>");
        if (fused)
        {
            w.Line("/// One step of stochastic gradient descent on one sample, fused: the parameters end exactly as after");
            w.Line("/// <see cref=\"Backward\"/> into a cleared gradient and <see cref=\"Update\"/> with batch size 1, but no");
            w.Line("/// gradient is stored. Each layer's error is back-propagated before that layer's weights change.");
        }
        else
        {
            w.Line("/// One step of stochastic gradient descent on one sample: <see cref=\"Backward\"/> into a cleared gradient");
            w.Line("/// on the stack, then <see cref=\"Update\"/> with batch size 1. Allocates nothing.");
        }

        w.Line("/// </summary>");
        w.Line(InputParam);
        w.Line(TargetParam);
        w.Line(LearningRateParam);
        w.Line(L2Param);
        w.Line("/// <returns>The loss J of this sample, before the step.</returns>");
        w.Line(SpanLengthException);
        w.Line(RateException);
        MethodAttributes(w, skipLocalsInit);
        CodeWriter.BlockScope method = w.Block($"public {t.Name} TrainStep({TrainStepParameters(t)} = {t.Literal(0)})");
        LengthCheck(w, "input", "InputSize");
        LengthCheck(w, "target", "OutputSize");
        RateChecks(w, t);
        return method;
    }

    public static CodeWriter.BlockScope OpenUpdate(CodeWriter w, NumericType t, string backward, bool recurrent)
    {
        w.Line("/// <summary>");
        w.Line("/// One gradient-descent step: W ← W − α·(g/m + λ·W) for weights, b ← b − α·g/m for biases,");
        w.Line("/// then clears <paramref name=\"gradient\"/> for the next batch.");
        w.Line("/// </summary>");
        w.Line($"/// <param name=\"gradient\">Σ ∂J_i/∂θ over the batch, as <see cref=\"{backward}\"/> adds it up; cleared on return.</param>");
        w.Line(LearningRateParam);
        w.Line($"/// <param name=\"batchSize\">m ≥ 1, the number of {(recurrent ? "sequences" : "samples")} summed in <paramref name=\"gradient\"/>.</param>");
        w.Line(L2Param);
        w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"gradient\"/> is not <see cref=\"ParameterCount\"/> long.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"batchSize\"/> is below 1, or the learning rate or λ is negative, NaN or infinite.</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        CodeWriter.BlockScope method = w.Block($"public void Update(global::System.Span<{t.Name}> gradient, {t.Name} learningRate, int batchSize = 1, {t.Name} l2 = {t.Literal(0)})");
        LengthCheck(w, "gradient", "ParameterCount");
        w.Line("if (batchSize < 1) throw global::BpGen.NetworkErrors.OutOfRange(nameof(batchSize), batchSize, \"at least 1\");");
        RateChecks(w, t);
        w.Line();
        w.Line($"global::System.Span<{t.Name}> theta = _parameters;");
        return method;
    }

    /// <summary>The constant that names the block width of ForwardBatch and BackwardBatch.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="width">Samples per block.</param>
    /// <param name="withBackward">Whether the class has BackwardBatch (a frozen one has not).</param>
    public static void BatchWidthConstant(CodeWriter w, int width, bool withBackward = true)
    {
        w.Line("/// <summary>");
        w.Line($"/// Samples per block in <see cref=\"ForwardBatch\"/>{(withBackward ? " and <see cref=\"BackwardBatch\"/>" : "")}: the widest block whose");
        w.Line("/// stack scratch stays within 64 KiB for this network's sizes (docs/design.md, section 3).");
        w.Line("/// </summary>");
        w.Line($"public const int BatchWidth = {width};");
        w.Line();
    }

    public static CodeWriter.BlockScope OpenForwardBatch(CodeWriter w, NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        w.Line("/// <summary>");
        w.Line("/// <see cref=\"Forward\"/> for m samples at once, <see cref=\"BatchWidth\"/> at a time: sample s's outputs");
        w.Line(model.Loss == Loss.SoftmaxCrossEntropy
            ? "/// (its class probabilities p) go to outputs[s·OutputSize …], equal to Forward's up to rounding."
            : "/// go to outputs[s·OutputSize …], equal to Forward's up to rounding.");
        w.Line("/// Allocates nothing; safe to call from several threads at once.");
        w.Line("/// </summary>");
        w.Line(InputsParam);
        w.Line("/// <param name=\"outputs\">Receives m · <see cref=\"OutputSize\"/> outputs, sample after sample.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The inputs are not whole samples, or the outputs not as many samples.</exception>");
        MethodAttributes(w, skipLocalsInit);
        CodeWriter.BlockScope method = w.Block($"public void ForwardBatch({ForwardBatchParameters(t)})");
        SampleCountChecks(w, "outputs", "OutputSize");
        return method;
    }

    public static CodeWriter.BlockScope OpenBackwardBatch(CodeWriter w, NumericType t, bool skipLocalsInit)
    {
        w.Line("/// <summary>");
        w.Line("/// <see cref=\"Backward\"/> for m samples at once, <see cref=\"BatchWidth\"/> at a time: adds the sum of their");
        w.Line("/// gradients Σ ∂J_s/∂θ (without the L2 term) into <paramref name=\"gradient\"/> and returns the sum of their");
        w.Line("/// losses, equal to m calls of Backward up to rounding. Parameters are not changed.");
        w.Line("/// Allocates nothing; safe to call from several threads at once with separate gradients.");
        w.Line("/// </summary>");
        w.Line(InputsParam);
        w.Line("/// <param name=\"targets\">m · <see cref=\"OutputSize\"/> expected outputs y, sample after sample.</param>");
        w.Line("/// <param name=\"gradient\"><see cref=\"ParameterCount\"/> sums, in the layout of <see cref=\"Parameters\"/>, that the gradients are added to.</param>");
        w.Line("/// <returns>Σ J over the m samples.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The inputs are not whole samples, the targets are not as many samples, or the gradient is not ParameterCount long.</exception>");
        MethodAttributes(w, skipLocalsInit);
        CodeWriter.BlockScope method = w.Block($"public {t.Name} BackwardBatch({BackwardBatchParameters(t)})");
        SampleCountChecks(w, "targets", "OutputSize");
        LengthCheck(w, "gradient", "ParameterCount");
        return method;
    }

    // The parameter lists the public methods share with the passes behind them (see MethodSkeletons).
    public static string ForwardParameters(NumericType t) => $"global::System.ReadOnlySpan<{t.Name}> input, global::System.Span<{t.Name}> output";

    public static string BackwardParameters(NumericType t) => $"global::System.ReadOnlySpan<{t.Name}> input, global::System.ReadOnlySpan<{t.Name}> target, global::System.Span<{t.Name}> gradient";

    public static string TrainStepParameters(NumericType t) => $"global::System.ReadOnlySpan<{t.Name}> input, global::System.ReadOnlySpan<{t.Name}> target, {t.Name} learningRate, {t.Name} l2";

    public static string ForwardBatchParameters(NumericType t) => $"global::System.ReadOnlySpan<{t.Name}> inputs, global::System.Span<{t.Name}> outputs";

    public static string BackwardBatchParameters(NumericType t) => $"global::System.ReadOnlySpan<{t.Name}> inputs, global::System.ReadOnlySpan<{t.Name}> targets, global::System.Span<{t.Name}> gradient";

    /// <summary>The field that holds a network's parameters, θ, unless they are compiled in.</summary>
    public const string ParameterArray = "_parameters";

    /// <summary>
    /// The start of a method's arithmetic: θ from <paramref name="theta"/>, or nothing when the weights are
    /// folded into the code (null). Code that only reads θ, one weight at a time (<paramref name="indexed"/>),
    /// gets the parameter array itself: the compiler binds hundreds of array elements in a fraction of
    /// the time it takes for as many span indexers, and the code runs as fast. Otherwise θ is a span,
    /// which the kernels take slices of, writable where the method descends (unrolled, the writes to an
    /// array would run slower).
    /// </summary>
    public static void DeclareTheta(CodeWriter w, NumericType t, string? theta, bool writable = false, bool indexed = false)
    {
        if (theta is null)
        {
            return;
        }

        string type = indexed && !writable && theta == ParameterArray ? $"{t.Name}[]" : $"global::System.{(writable ? "Span" : "ReadOnlySpan")}<{t.Name}>";
        w.Line($"{type} theta = {theta}; // θ, every weight and bias (see Parameters)");
    }

    /// <summary>
    /// Opens a private method behind a public one (its pass, or the method that scales around the
    /// pass), whose arguments the public method has checked.
    /// </summary>
    public static CodeWriter.BlockScope OpenPass(CodeWriter w, string returnType, string name, string parameters, bool skipLocalsInit, string comment)
    {
        w.Line($"// {name}: {comment}.");
        MethodAttributes(w, skipLocalsInit);
        return w.Block($"private {returnType} {name}({parameters})");
    }

    /// <summary>m from the inputs, which must hold whole samples, and the same m in <paramref name="parameter"/>; both before anything is written.</summary>
    private static void SampleCountChecks(CodeWriter w, string parameter, string sizeName)
    {
        w.Line("if (inputs.Length % InputSize != 0) throw global::BpGen.NetworkErrors.NotWholeSamples(nameof(inputs), \"InputSize\", InputSize, inputs.Length);");
        w.Line("int count = inputs.Length / InputSize; // m, the number of samples");
        w.Line($"if ({parameter}.Length != (long)count * {sizeName}) throw global::BpGen.NetworkErrors.SampleCount(nameof({parameter}), \"{sizeName}\", {sizeName}, count, nameof(inputs), {parameter}.Length);");
    }

    /// <summary>GeneratedCode, and SkipLocalsInit where stack scratch need not be zeroed.</summary>
    internal static void MethodAttributes(CodeWriter w, bool skipLocalsInit)
    {
        w.Line(NetworkEmitter.GeneratedCode);
        if (skipLocalsInit)
        {
            w.Line("[global::System.Runtime.CompilerServices.SkipLocalsInit] // every stack value is written before it is read");
        }
    }

    /// <summary>The guard that throws when a span argument has the wrong length.</summary>
    internal static void LengthCheck(CodeWriter w, string parameter, string sizeName) =>
        w.Line($"if ({parameter}.Length != {sizeName}) throw global::BpGen.NetworkErrors.SpanLength(nameof({parameter}), \"{sizeName}\", {sizeName}, {parameter}.Length);");

    /// <summary>The checks of learningRate and l2 that Update and TrainStep share.</summary>
    private static void RateChecks(CodeWriter w, NumericType t)
    {
        string max = $"{t.Name}.MaxValue";
        w.Line($"if (!(learningRate >= {t.Literal(0)} && learningRate <= {max})) throw global::BpGen.NetworkErrors.OutOfRange(nameof(learningRate), learningRate, \"a finite number ≥ 0\");");
        w.Line($"if (!(l2 >= {t.Literal(0)} && l2 <= {max})) throw global::BpGen.NetworkErrors.OutOfRange(nameof(l2), l2, \"a finite number ≥ 0\");");
    }
}
