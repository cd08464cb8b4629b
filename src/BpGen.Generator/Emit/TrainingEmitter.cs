using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// Train and Evaluate, written in terms of Forward, Backward and Update, plus the Momentum and
/// Adam steps, which need the parameter layout to decay weights and not biases.
/// </summary>
internal static class TrainingEmitter
{
    public static void Emit(CodeWriter w, NetworkModel model, NumericType t)
    {
        EmitTrain(w, model, t);
        EmitEvaluate(w, model, t);
        EmitTargetOf(w, model, t);
        EmitStep(w, model, t);
        EmitSumOfSquaredWeights(w, model);
        EmitMaxChangeSince(w, t);
    }

    private static string DataSet(NumericType t) => $"global::BpGen.DataSet<{t.Name}>";

    private static void EmitTrain(CodeWriter w, NetworkModel model, NumericType t)
    {
        w.Line("/// <summary>");
        w.Line("/// Trains the network: epochs of shuffled mini-batches, each batch's gradient summed by");
        w.Line("/// <see cref=\"Backward\"/> and applied by the chosen optimizer. Stops after");
        w.Line("/// <see cref=\"global::BpGen.TrainingOptions.Epochs\"/>, when no parameter moves by more than the tolerance, when the");
        w.Line("/// validation loss stops improving, or when the loss diverges (restoring the last finite epoch).");
        w.Line("/// Deterministic for a seed; allocates a few buffers per call and nothing per step.");
        w.Line("/// </summary>");
        w.Line(model.Loss == LossKind.SoftmaxCrossEntropy
            ? "/// <param name=\"training\">Samples with targets or (softmax) class labels.</param>"
            : "/// <param name=\"training\">Samples with targets.</param>");
        w.Line("/// <param name=\"options\">Epochs, batch size, learning rate, optimizer… (see <see cref=\"global::BpGen.TrainingOptions\"/>).</param>");
        w.Line("/// <param name=\"validation\">Optional held-out samples, evaluated after every epoch, for early stopping.</param>");
        w.Line("/// <returns>Epochs run, loss per epoch, and why training stopped.</returns>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Open($"public global::BpGen.TrainingReport Train({DataSet(t)} training, global::BpGen.TrainingOptions options, {DataSet(t)} validation = default)");
        w.Line("if (options is null) throw new global::System.ArgumentNullException(nameof(options));");
        w.Line("options.Validate();");
        w.Line("int count = CheckData(training, nameof(training));");
        w.Line("if (count == 0) throw new global::System.ArgumentException(\"'training' holds no samples.\", nameof(training));");
        w.Line("int validationCount = validation.IsEmpty ? 0 : CheckData(validation, nameof(validation));");
        w.Line();
        w.Line("int batchSize = global::System.Math.Min(options.BatchSize, count);");
        w.Line("var order = new int[count];");
        w.Line("for (int s = 0; s < count; s++) order[s] = s;");
        w.Line("var random = new global::BpGen.SeededRandom(options.Seed);");
        w.Line($"var gradient = new {t.Name}[ParameterCount];");
        w.Line($"var scratch = new {t.Name}[ParameterCount];");
        w.Line($"var epochStart = new {t.Name}[ParameterCount];");
        w.Line($"var best = new {t.Name}[validationCount > 0 ? ParameterCount : 0];");
        w.Line($"var moment1 = new {t.Name}[options.Optimizer == global::BpGen.Optimizer.Sgd ? 0 : ParameterCount];");
        w.Line($"var moment2 = new {t.Name}[options.Optimizer == global::BpGen.Optimizer.Adam ? ParameterCount : 0];");
        w.Line("var log = new global::BpGen.TrainingLog(options.Epochs, options.Patience, validationCount > 0);");
        w.Line($"global::System.Span<{t.Name}> oneHot = stackalloc {t.Name}[OutputSize];");
        w.Line("int step = 0;");
        w.Line();
        w.Open("for (int epoch = 1; epoch <= options.Epochs; epoch++)");
        w.Line("if (options.CancellationToken.IsCancellationRequested) return log.Finish(global::BpGen.StopReason.Cancelled, epoch);");
        w.Line("_parameters.CopyTo(epochStart, 0);");
        w.Line("if (options.Shuffle) random.Shuffle<int>(order);");
        w.Line();
        w.Line("double lossSum = 0;");
        w.Open("for (int start = 0; start < count; start += batchSize)");
        w.Line("int end = global::System.Math.Min(start + batchSize, count);");
        w.Open("for (int s = start; s < end; s++)");
        w.Line("int sample = order[s];");
        w.Line("lossSum += Backward(training.Input(sample, InputSize), TargetOf(training, sample, oneHot), gradient);");
        w.Close();
        w.Line();
        w.Line("Step(options, gradient, end - start, moment1, moment2, ++step);");
        w.Close();
        w.Line();
        w.Line("// J(W, b) = (1/m) Σ J_i + (λ/2) Σ_l ‖W^l‖²");
        w.Line("double loss = lossSum / count + 0.5 * options.L2 * SumOfSquaredWeights();");
        w.Open("if (double.IsNaN(loss) || double.IsInfinity(loss))");
        w.Line("epochStart.CopyTo(_parameters, 0);");
        w.Line("return log.Finish(global::BpGen.StopReason.Diverged, epoch);");
        w.Close();
        w.Line();
        w.Line("var evaluation = validationCount > 0 ? Evaluate(validation, scratch) : new global::BpGen.Evaluation(0, double.NaN, double.NaN);");
        w.Line("if (log.Add(loss, evaluation.Loss, evaluation.Accuracy, options.Progress) && validationCount > 0) _parameters.CopyTo(best, 0);");
        w.Line("if (options.Tolerance > 0 && MaxChangeSince(epochStart) <= options.Tolerance) return log.Finish(global::BpGen.StopReason.Converged, epoch);");
        w.Open("if (log.PatienceExhausted)");
        w.Line("best.CopyTo(_parameters, 0);");
        w.Line("return log.Finish(global::BpGen.StopReason.EarlyStopping, epoch);");
        w.Close();
        w.Close();
        w.Line();
        w.Line("return log.Finish(global::BpGen.StopReason.MaxEpochs, options.Epochs);");
        w.Close();
        w.Line();

        // Shape checks shared by Train and Evaluate.
        w.Line(NetworkEmitter.GeneratedCode);
        w.Open($"private static int CheckData({DataSet(t)} data, string name)");
        if (model.Loss != LossKind.SoftmaxCrossEntropy)
        {
            w.Line("if (data.HasLabels) throw new global::System.ArgumentException($\"'{name}' holds class labels, which need Loss.SoftmaxCrossEntropy; give target vectors.\", name);");
        }

        w.Line("return data.CountSamples(InputSize, OutputSize, name);");
        w.Close();
        w.Line();
    }

    private static void EmitEvaluate(CodeWriter w, NetworkModel model, NumericType t)
    {
        w.Line("/// <summary>The mean loss and the accuracy on <paramref name=\"data\"/>; parameters are not changed.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::BpGen.Evaluation Evaluate({DataSet(t)} data) => Evaluate(data, new {t.Name}[ParameterCount]);");
        w.Line();
        w.Line(NetworkEmitter.GeneratedCode);
        w.Open($"private global::BpGen.Evaluation Evaluate({DataSet(t)} data, {t.Name}[] scratch)");
        w.Line("int count = CheckData(data, nameof(data));");
        w.Line("global::System.Array.Clear(scratch, 0, scratch.Length);");
        w.Line($"global::System.Span<{t.Name}> oneHot = stackalloc {t.Name}[OutputSize];");
        bool classifies = model.Loss != LossKind.MeanSquaredError;
        if (classifies)
        {
            w.Line($"global::System.Span<{t.Name}> output = stackalloc {t.Name}[OutputSize];");
            w.Line("int correct = 0;");
        }

        w.Line("double lossSum = 0;");
        w.Open("for (int s = 0; s < count; s++)");
        w.Line($"global::System.ReadOnlySpan<{t.Name}> input = data.Input(s, InputSize);");
        w.Line($"global::System.ReadOnlySpan<{t.Name}> target = TargetOf(data, s, oneHot);");
        w.Line("lossSum += Backward(input, target, scratch);");
        switch (model.Loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                w.Line("Forward(input, output);");
                w.Line("// Correct when the most probable class is the target's class.");
                w.Line($"if (global::BpGen.Metrics.ArgMax<{t.Name}>(output) == global::BpGen.Metrics.ArgMax<{t.Name}>(target)) correct++;");
                break;
            case LossKind.BinaryCrossEntropy:
                w.Line("Forward(input, output);");
                w.Line("// Correct when every output is on the target's side of 0.5.");
                w.Line("bool right = true;");
                w.Line($"for (int i = 0; i < OutputSize; i++) right &= (output[i] >= {t.Literal(0.5)}) == (target[i] >= {t.Literal(0.5)});");
                w.Line("if (right) correct++;");
                break;
            default:
                w.Line("// Regression: accuracy is undefined.");
                break;
        }

        w.Close();
        w.Line();
        w.Line(!classifies
            ? "return new global::BpGen.Evaluation(count, count == 0 ? double.NaN : lossSum / count, double.NaN);"
            : "return new global::BpGen.Evaluation(count, count == 0 ? double.NaN : lossSum / count, count == 0 ? double.NaN : (double)correct / count);");
        w.Close();
        w.Line();
    }

    private static void EmitTargetOf(CodeWriter w, NetworkModel model, NumericType t)
    {
        w.Line("// The target of one sample: its slice of the targets, or the one-hot vector of its label.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Open($"private static global::System.ReadOnlySpan<{t.Name}> TargetOf({DataSet(t)} data, int sample, global::System.Span<{t.Name}> oneHot)");
        w.Line("if (!data.HasLabels) return data.Targets.Slice(sample * OutputSize, OutputSize);");
        w.Line("oneHot.Clear();");
        w.Line($"oneHot[data.Labels[sample]] = {t.Literal(1)};");
        w.Line("return oneHot;");
        w.Close();
        w.Line();
    }

    private static void EmitStep(CodeWriter w, NetworkModel model, NumericType t)
    {
        string T = t.Name;
        w.Line("// One optimizer step with the summed gradient of a batch of m samples; λ decays weights only.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Open($"private void Step(global::BpGen.TrainingOptions options, global::System.Span<{T}> gradient, int batchSize, {T}[] moment1, {T}[] moment2, int step)");
        w.Line($"{T} learningRate = ({T})options.LearningRate;");
        w.Line($"{T} l2 = ({T})options.L2;");
        w.Open("if (options.Optimizer == global::BpGen.Optimizer.Sgd)");
        w.Line("Update(gradient, learningRate, batchSize, l2);");
        w.Line("return;");
        w.Close();
        w.Line();
        w.Line($"global::System.Span<{T}> theta = _parameters;");
        w.Line($"{T} inverseBatch = {t.Literal(1)} / batchSize;");
        w.Open("if (options.Optimizer == global::BpGen.Optimizer.Momentum)");
        w.Line("// v ← μ·v + (g/m + λ·W), θ ← θ − α·v");
        w.Line($"{T} mu = ({T})options.Momentum;");
        EmitPerParameter(w, model, t, new[]
        {
            "moment1[k] = mu * moment1[k] + g;",
            "theta[k] -= learningRate * moment1[k];",
        });
        w.Close();
        w.Open("else");
        w.Line("// Adam: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − α·m̂ / (√v̂ + ε), with m̂, v̂ bias-corrected");
        w.Line($"{T} beta1 = ({T})options.Beta1;");
        w.Line($"{T} beta2 = ({T})options.Beta2;");
        w.Line($"{T} epsilon = ({T})options.AdamEpsilon;");
        w.Line($"{T} correction1 = ({T})(1 - global::System.Math.Pow(options.Beta1, step));");
        w.Line($"{T} correction2 = ({T})(1 - global::System.Math.Pow(options.Beta2, step));");
        EmitPerParameter(w, model, t, new[]
        {
            $"moment1[k] = beta1 * moment1[k] + ({t.Literal(1)} - beta1) * g;",
            $"moment2[k] = beta2 * moment2[k] + ({t.Literal(1)} - beta2) * g * g;",
            $"theta[k] -= learningRate * (moment1[k] / correction1) / ({t.Math}.Sqrt(moment2[k] / correction2) + epsilon);",
        });
        w.Close();
        w.Line();
        w.Line("gradient.Clear();");
        w.Close();
        w.Line();
    }

    /// <summary>Loops over every layer's weights (g = gradient/m + λ·W) and biases (g = gradient/m) with the same body.</summary>
    private static void EmitPerParameter(CodeWriter w, NetworkModel model, NumericType t, string[] body)
    {
        for (int l = 1; l <= model.LayerCount; l++)
        {
            int weights = model.WeightOffset(l);
            int biases = model.BiasOffset(l);
            foreach (var (start, end, g) in new[]
            {
                (weights, biases, "gradient[k] * inverseBatch + l2 * theta[k]"),
                (biases, biases + model.Sizes[l], "gradient[k] * inverseBatch"),
            })
            {
                w.Open($"for (int k = {start}; k < {end}; k++)");
                w.Line($"{t.Name} g = {g};");
                foreach (string line in body)
                {
                    w.Line(line);
                }

                w.Close();
            }
        }
    }

    private static void EmitSumOfSquaredWeights(CodeWriter w, NetworkModel model)
    {
        w.Line("// Σ_l ‖W^l‖², the L2 term's sum, over weights only.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Open("private double SumOfSquaredWeights()");
        w.Line("double sum = 0;");
        for (int l = 1; l <= model.LayerCount; l++)
        {
            w.Line($"for (int k = {model.WeightOffset(l)}; k < {model.BiasOffset(l)}; k++) sum += (double)_parameters[k] * _parameters[k];");
        }

        w.Line("return sum;");
        w.Close();
        w.Line();
    }

    private static void EmitMaxChangeSince(CodeWriter w, NumericType t)
    {
        w.Line("// max_k |θ_k − before_k|: how far the parameters moved, for the tolerance test.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Open($"private double MaxChangeSince({t.Name}[] before)");
        w.Line("double max = 0;");
        w.Line("for (int k = 0; k < ParameterCount; k++) max = global::System.Math.Max(max, global::System.Math.Abs((double)_parameters[k] - before[k]));");
        w.Line("return max;");
        w.Close();
        w.Line();
    }
}
