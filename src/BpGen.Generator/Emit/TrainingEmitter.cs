using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// Train and Evaluate: the loop is the same for every network, so they forward to
/// <c>BpGen.Trainer</c>, which drives this network's ForwardBatch, BackwardBatch, TrainStep and Update.
/// </summary>
internal static class TrainingEmitter
{
    public static void Emit(CodeWriter w, NetworkModel model, NumericType t)
    {
        string data = $"global::BpGen.DataSet<{t.Name}>";
        w.Line("/// <summary>");
        w.Line("/// Trains the network: epochs of shuffled mini-batches, each batch's gradient summed by");
        w.Line("/// <see cref=\"BackwardBatch\"/> (one sample at a time with SGD, <see cref=\"TrainStep\"/>) and applied by the");
        w.Line("/// chosen optimizer, until the epochs run out, the parameters stop moving, the validation loss stops");
        w.Line("/// improving, or the loss diverges (which restores the last finite epoch). See <see cref=\"global::BpGen.Trainer\"/>.");
        w.Line("/// </summary>");
        w.Line(model.Loss == Loss.SoftmaxCrossEntropy
            ? "/// <param name=\"training\">Samples with targets or class labels.</param>"
            : "/// <param name=\"training\">Samples with targets.</param>");
        w.Line("/// <param name=\"options\">Epochs, batch size, learning rate, optimizer… (see <see cref=\"global::BpGen.TrainingOptions\"/>).</param>");
        w.Line("/// <param name=\"validation\">Optional held-out samples, evaluated after every epoch, for early stopping.</param>");
        w.Line("/// <returns>Epochs run, loss per epoch, and why training stopped.</returns>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::BpGen.TrainingReport Train({data} training, global::BpGen.TrainingOptions options, {data} validation = default) =>");
        w.Line("    global::BpGen.Trainer.Train(this, training, options, validation);");
        w.Line();
        w.Line("/// <summary>The mean loss and the accuracy on <paramref name=\"data\"/>, from <see cref=\"ForwardBatch\"/>; parameters are not changed.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::BpGen.Evaluation Evaluate({data} data) => global::BpGen.Trainer.Evaluate(this, data);");
        w.Line();
    }
}
