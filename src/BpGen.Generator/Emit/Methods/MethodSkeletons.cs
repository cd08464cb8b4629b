using System;
using BpGen.Generator.Emit.Paths;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Methods;

/// <summary>
/// Forward, Backward, TrainStep and Update, each written once: the order of the steps (forward pass,
/// loss, then for l = L … 1 the gradient or descent and the error one layer down). The code path
/// writes every step. ForwardBatch and BackwardBatch run the same passes over blocks of samples.
/// Where the network may scale its inputs or outputs, each public method checks its arguments and
/// standardizes around a private pass that does the arithmetic (<see cref="ScalingDispatch"/>).
/// </summary>
internal static class MethodSkeletons
{
    /// <param name="w">The writer.</param>
    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="path">The code path.</param>
    /// <param name="theta">Where θ comes from, or null when the path folds the weights into the code.</param>
    public static void EmitForward(CodeWriter w, NetworkModel model, NumericType t, ICodePath path, string? theta = MethodSignatures.ParameterArray) =>
        EmitMethod(
            w, model, MethodSignatures.OpenForward(w, model, t, path.SkipLocalsInit), ScalingDispatch.Forward, "void", MethodSignatures.ForwardParameters(t), path.SkipLocalsInit, () =>
            {
                MethodSignatures.DeclareTheta(w, t, theta, indexed: path.IndexesWeights);
                w.Line();
                EmitForwardPass(w, model, path, Pass.Inference);
                path.WriteOutput(w);
            });

    /// <summary>The forward pass keeping what back-propagation needs, J and δ^L, then for l = L … 1 the gradient and the error one layer down.</summary>
    public static void EmitBackward(CodeWriter w, NetworkModel model, NumericType t, ICodePath path) =>
        EmitMethod(
            w, model, MethodSignatures.OpenBackward(w, t, path.SkipLocalsInit), ScalingDispatch.Backward, t.Name, MethodSignatures.BackwardParameters(t), path.SkipLocalsInit, () =>
            {
                MethodSignatures.DeclareTheta(w, t, MethodSignatures.ParameterArray, indexed: path.IndexesWeights);
                w.Line();
                EmitTrainingBody(w, model, path, l => BackwardStep(w, path, l));
            });

    /// <summary>Like Backward, but each layer descends as soon as the error below it no longer needs its weights.</summary>
    public static void EmitTrainStep(CodeWriter w, NetworkModel model, NumericType t, ICodePath path) =>
        EmitMethod(
            w, model, MethodSignatures.OpenTrainStep(w, t, path.SkipLocalsInit, fused: true), ScalingDispatch.TrainStep, t.Name, MethodSignatures.TrainStepParameters(t), path.SkipLocalsInit, () =>
            {
                MethodSignatures.DeclareTheta(w, t, MethodSignatures.ParameterArray, writable: true, indexed: path.IndexesWeights);
                w.Line($"{t.Name} decay = learningRate * l2; // α·λ");
                w.Line();
                EmitTrainingBody(w, model, path, l =>
                {
                    if (l > 1)
                    {
                        path.PropagateAndDescend(w, l);
                    }
                    else
                    {
                        path.Descend(w, l);
                    }
                });
            });

    /// <summary>
    /// TrainStep as Backward into a gradient on the stack, then Update: above
    /// <see cref="NetworkLimits.FusedTrainStepLimit"/> parameters this is faster than the unrolled fused
    /// step (Update descends in vectors, the fused step weight by weight) and adds no code of its own.
    /// </summary>
    public static void EmitTrainStepByBackward(CodeWriter w, NetworkModel model, NumericType t) =>
        EmitMethod(
            w, model, MethodSignatures.OpenTrainStep(w, t, skipLocalsInit: false, fused: false), ScalingDispatch.TrainStep, t.Name, MethodSignatures.TrainStepParameters(t), skipLocalsInit: false, () =>
            {
                w.Line($"global::System.Span<{t.Name}> gradient = stackalloc {t.Name}[ParameterCount]; // ∂J/∂θ of this one sample");
                w.Line("gradient.Clear(); // even where the user's module skips zeroing the stack ([module: SkipLocalsInit])");
                // Behind scaling, TrainStepPass has standardized values, which BackwardPass takes as they are.
                w.Line($"{t.Name} loss = {(ScalingDispatch.Applies(model) ? "BackwardPass" : "Backward")}(input, target, gradient);");
                w.Line("Update(gradient, learningRate, 1, l2);");
                w.Line("return loss;");
            });

    /// <summary>
    /// Update is the same for every path: the gradient is a span in the parameters' layout, and each
    /// block (W^l, b^l) descends by one kernel call, decayed by λ where the layout says so, and clears
    /// its part of the gradient for the next batch in the same pass: the blocks cover every parameter.
    /// </summary>
    public static void EmitUpdate(CodeWriter w, NetworkModel model, NumericType t)
    {
        using (MethodSignatures.OpenUpdate(w, t, model.IsRecurrent ? RecurrentBackwardEmitter.WholeSequenceCref(t) : "Backward", model.IsRecurrent))
        {
            w.Line($"{t.Name} step = learningRate / batchSize; // α/m");
            w.Line($"{t.Name} decay = learningRate * l2;    // α·λ");
            foreach (ParameterBlock block in model.Layout)
            {
                string name = block.Name;
                string slices = $"theta.Slice({block.Offset}, {block.Count}), gradient.Slice({block.Offset}, {block.Count})";
                w.Line(block.Decayed
                    ? $"global::BpGen.Kernels.DescendAndClear({slices}, step, decay); // {name} ← {name} − α·(g/m + λ·{name})"
                    : $"global::BpGen.Kernels.DescendAndClear({slices}, step, {t.Literal(0)}); // {name} ← {name} − α·g/m");
            }
        }
    }

    /// <summary>The forward pass of every block of samples, each block's outputs written where its samples' go.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="path">The lanes path.</param>
    /// <param name="theta">Where θ comes from: the parameter array, or a frozen network's Parameters.</param>
    public static void EmitForwardBatch(CodeWriter w, NetworkModel model, NumericType t, LanesPath path, string theta = MethodSignatures.ParameterArray)
    {
        MethodSignatures.BatchWidthConstant(w, path.Width, withBackward: !model.IsFrozen);
        EmitMethod(
            w, model, MethodSignatures.OpenForwardBatch(w, model, t, path.SkipLocalsInit), ScalingDispatch.ForwardBatch, "void", MethodSignatures.ForwardBatchParameters(t), path.SkipLocalsInit, () =>
            {
                DeclareBatchBody(w, t, theta, path, ScalingDispatch.Applies(model));
                path.DeclareScratch(w, Pass.Inference);
                using (OpenBlockLoop(w))
                {
                    EmitForwardPass(w, model, path, Pass.Inference);
                    path.WriteOutput(w);
                }
            });
    }

    /// <summary>Backward's steps for every block of samples, the losses summed over all of them.</summary>
    public static void EmitBackwardBatch(CodeWriter w, NetworkModel model, NumericType t, LanesPath path) =>
        EmitMethod(
            w, model, MethodSignatures.OpenBackwardBatch(w, t, path.SkipLocalsInit), ScalingDispatch.BackwardBatch, t.Name, MethodSignatures.BackwardBatchParameters(t), path.SkipLocalsInit, () =>
            {
                DeclareBatchBody(w, t, MethodSignatures.ParameterArray, path, ScalingDispatch.Applies(model));
                path.DeclareScratch(w, Pass.Training);
                w.Line($"{t.Name} loss = {t.Literal(0)}; // Σ J over the samples");
                w.Line();
                using (OpenBlockLoop(w))
                {
                    EmitBackPropagation(w, model, path, l => BackwardStep(w, path, l));
                }

                w.Line();
                w.Line("return loss;");
            });

    /// <summary>
    /// ForwardBatch of an unrolled network: whole vectors of samples through the forward pass in lanes,
    /// then the rest one sample at a time (every sample where vectors are not hardware-accelerated).
    /// </summary>
    /// <param name="w">The writer.</param>
    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="path">The unrolled lanes path.</param>
    /// <param name="width">BatchWidth: the block the scaling dispatch standardizes at a time.</param>
    /// <param name="theta">Where θ comes from, or null when the path folds the weights into the code.</param>
    public static void EmitForwardBatch(CodeWriter w, NetworkModel model, NumericType t, UnrolledLanesPath path, int width, string? theta = MethodSignatures.ParameterArray)
    {
        MethodSignatures.BatchWidthConstant(w, width, withBackward: !model.IsFrozen);
        EmitMethod(
            w, model, MethodSignatures.OpenForwardBatch(w, model, t, path.SkipLocalsInit), ScalingDispatch.ForwardBatch, "void", MethodSignatures.ForwardBatchParameters(t), path.SkipLocalsInit, () =>
            {
                DeclareBatchBody(w, t, theta, path, ScalingDispatch.Applies(model));
                DeclareLanes(w, path);
                path.DeclareWeightsAndScratch(w, Pass.Inference);
                using (OpenLanesLoop(w))
                {
                    EmitForwardPass(w, model, path, Pass.Inference);
                    path.WriteOutput(w);
                }

                using (OpenRemainderLoop(w))
                {
                    w.Line($"{OneSamplePass(model, "Forward")}(inputs.Slice(s * InputSize, InputSize), outputs.Slice(s * OutputSize, OutputSize));");
                }
            });
    }

    /// <summary>BackwardBatch of an unrolled network: Backward's steps over whole vectors of samples in lanes, then the rest one sample at a time.</summary>
    public static void EmitBackwardBatch(CodeWriter w, NetworkModel model, NumericType t, UnrolledLanesPath path) =>
        EmitMethod(
            w, model, MethodSignatures.OpenBackwardBatch(w, t, path.SkipLocalsInit), ScalingDispatch.BackwardBatch, t.Name, MethodSignatures.BackwardBatchParameters(t), path.SkipLocalsInit, () =>
            {
                DeclareBatchBody(w, t, MethodSignatures.ParameterArray, path, ScalingDispatch.Applies(model));
                DeclareLanes(w, path);
                path.DeclareWeightsAndScratch(w, Pass.Training);
                using (OpenLanesLoop(w))
                {
                    EmitBackPropagation(w, model, path, l => BackwardStep(w, path, l));
                }

                w.Line();
                w.Line("global::BpGen.Kernels.AddLaneTotals(gradientLanes, gradient);");
                w.Line($"{t.Name} total = global::System.Numerics.Vector.Dot(lossLanes, {path.Vector}.One); // Σ J over the samples");
                using (OpenRemainderLoop(w))
                {
                    w.Line($"total += {OneSamplePass(model, "Backward")}(inputs.Slice(s * InputSize, InputSize), targets.Slice(s * OutputSize, OutputSize), gradient);");
                }

                w.Line();
                w.Line("return total;");
            });

    /// <summary>The vector width, and how many samples go through lanes: whole vectors of them, or none where vectors are not hardware-accelerated.</summary>
    private static void DeclareLanes(CodeWriter w, UnrolledLanesPath path)
    {
        w.Line($"int lanes = {path.Vector}.Count; // samples per vector");
        w.Line("int laned = global::BpGen.Kernels.SamplesInVectorLanes(count, lanes); // whole vectors of samples; none where vectors are not hardware-accelerated");
        w.Line();
    }

    /// <summary>The loop over whole vectors of samples, the first one <c>start</c>.</summary>
    private static CodeWriter.BlockScope OpenLanesLoop(CodeWriter w) => w.Block("for (int start = 0; start < laned; start += lanes)");

    /// <summary>The loop over the samples after the last whole vector, one at a time.</summary>
    private static CodeWriter.BlockScope OpenRemainderLoop(CodeWriter w)
    {
        w.Line();
        w.Line("// The samples after the last whole vector (all of them where vectors are not accelerated), one at a time.");
        return w.Block("for (int s = laned; s < count; s++)");
    }

    /// <summary>The one-sample method that holds the arithmetic: its pass where the network may scale, else the method itself.</summary>
    private static string OneSamplePass(NetworkModel model, string method) => ScalingDispatch.Applies(model) ? method + "Pass" : method;

    /// <summary>
    /// A public method whose signature and checks <paramref name="method"/> has opened. Where the
    /// network may scale, its body is the scaling <paramref name="dispatch"/> and the arithmetic
    /// <paramref name="body"/> goes into a private pass <paramref name="passName"/>; elsewhere (a frozen
    /// network without scaling) the arithmetic follows the checks directly.
    /// </summary>
    private static void EmitMethod(
        CodeWriter w, NetworkModel model, CodeWriter.BlockScope method, ScaledMethod scaled, string returnType, string passParameters, bool skipLocalsInit, Action body)
    {
        var t = NumericType.Of(model.UseDouble);
        bool scales = ScalingDispatch.Applies(model);
        using (method)
        {
            if (scales)
            {
                ScalingDispatch.Dispatch(w, scaled);
            }
            else
            {
                body();
            }
        }

        w.Line();
        if (scales)
        {
            using (MethodSignatures.OpenPass(w, returnType, scaled.Name + "Pass", passParameters, skipLocalsInit, "the arithmetic behind the method above, on standardized values whose lengths it has checked"))
            {
                body();
            }

            w.Line();
            ScalingDispatch.EmitScaled(w, t, scaled, returnType, passParameters, skipLocalsInit);
        }
    }

    /// <summary>θ, and in a pass behind a public method the sample count m that the method's checks declared.</summary>
    private static void DeclareBatchBody(CodeWriter w, NumericType t, string? theta, IPassSteps path, bool inPass)
    {
        if (inPass)
        {
            w.Line("int count = inputs.Length / InputSize; // m, the number of samples");
        }

        MethodSignatures.DeclareTheta(w, t, theta, indexed: path.IndexesWeights);
        w.Line();
    }

    /// <summary>
    /// The loop over blocks of <c>BatchWidth</c> samples: <c>start</c> is the block's first sample,
    /// <c>block</c> how many it holds, which is BatchWidth but for the last block of m mod BatchWidth.
    /// </summary>
    internal static CodeWriter.BlockScope OpenBlockLoop(CodeWriter w)
    {
        w.Line("// Blocks of BatchWidth samples; the last one holds the m mod BatchWidth left over.");
        CodeWriter.BlockScope loop = w.Block("for (int start = 0, block; start < count; start += block)");
        w.Line("block = global::System.Math.Min(BatchWidth, count - start);");
        return loop;
    }

    /// <summary>Backward's step of layer l: the gradient, then the error one layer down.</summary>
    private static void BackwardStep(CodeWriter w, IPassSteps path, int l)
    {
        path.Gradient(w, l);
        if (l > 1)
        {
            path.ErrorBelow(w, l);
        }
    }

    private static void EmitForwardPass(CodeWriter w, NetworkModel model, IPassSteps path, Pass pass)
    {
        path.DeclareInput(w, pass);
        for (int l = 1; l <= model.LayerCount; l++)
        {
            w.Line();
            path.Layer(w, l, pass);
        }
    }

    /// <summary>The body of Backward or TrainStep; <paramref name="layerStep"/> writes layer l's step back.</summary>
    private static void EmitTrainingBody(CodeWriter w, NetworkModel model, ICodePath path, Action<int> layerStep)
    {
        EmitBackPropagation(w, model, path, layerStep);
        w.Line();
        w.Line("return loss;");
    }

    /// <summary>The forward pass keeping what back-propagation needs, J and δ^L, then <paramref name="layerStep"/> for l = L … 1.</summary>
    private static void EmitBackPropagation(CodeWriter w, NetworkModel model, IPassSteps path, Action<int> layerStep)
    {
        EmitForwardPass(w, model, path, Pass.Training);
        w.Line();
        path.LossAndOutputError(w);
        for (int l = model.LayerCount; l >= 1; l--)
        {
            w.Line();
            layerStep(l);
        }
    }
}
