using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// Train and Evaluate of a recurrent network: the loop is the same for every network, so they forward
/// to <c>BpGen.Trainer</c>, which drives this network's BackwardSequence, Step and Update.
/// </summary>
internal static class RecurrentTrainingEmitter
{
    public static void Emit(CodeWriter w, NumericType t)
    {
        string data = $"global::BpGen.SequenceDataSet<{t.Name}>";
        w.Line("/// <summary>");
        w.Line("/// Trains the network on sequences: epochs of shuffled mini-batches of sequences, each sequence's gradient by");
        w.Line("/// backpropagation through time (whole, or truncated to TruncatedSteps), the batch's gradient clipped by");
        w.Line("/// GradientClipping and applied by the chosen optimizer, until the epochs run out, the parameters stop moving,");
        w.Line("/// the validation loss stops improving, or the loss diverges (which restores the last finite epoch). Allocates");
        w.Line("/// its buffers once per call, nothing per step. See <see cref=\"global::BpGen.Trainer\"/>.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"training\">Sequences with targets for every step or for the last.</param>");
        w.Line("/// <param name=\"options\">Epochs, batch size (in sequences), learning rate, optimizer, clipping, truncation (see <see cref=\"global::BpGen.TrainingOptions\"/>).</param>");
        w.Line("/// <param name=\"validation\">Optional held-out sequences, evaluated after every epoch, for early stopping.</param>");
        w.Line("/// <returns>Epochs run, loss per epoch, and why training stopped.</returns>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::BpGen.TrainingReport Train({data} training, global::BpGen.TrainingOptions options, {data}? validation = null) =>");
        w.Line("    global::BpGen.Trainer.Train(this, training, options, validation);");
        w.Line();
        w.Line("/// <summary>The mean sequence loss and the accuracy on <paramref name=\"data\"/>, a step at a time from the zero state; parameters are not changed.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::BpGen.Evaluation Evaluate({data} data) => global::BpGen.Trainer.Evaluate(this, data);");
    }
}
