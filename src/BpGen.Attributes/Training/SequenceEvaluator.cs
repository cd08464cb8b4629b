using System;

namespace BpGen
{
    /// <summary>
    /// Evaluate on sequences: each sequence from the zero state a step at a time, each targeted step's
    /// loss from its output (<see cref="LossFunctions"/>) and whether it is classified correctly, averaged
    /// over the sequence's targeted steps, then over the sequences, as training averages J. Stack
    /// bounded for any length; allocates nothing; parameters are not changed.
    /// </summary>
    internal static class SequenceEvaluator
    {
        public static Evaluation Evaluate<T, TScalar>(IRecurrentNetwork<T> network, SequenceDataSet<T> data)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            data.CheckFits(network, nameof(data));
            if (data.Count == 0)
            {
                return Evaluation.None;
            }

            int inputSize = network.InputSize, outputSize = network.OutputSize;
            Loss loss = network.Signature.Loss;
            bool everyStep = data.TargetSteps == SequenceTargets.EveryStep;
            Span<T> state = stackalloc T[network.StateSize];
            Span<T> output = stackalloc T[outputSize];
            double lossSum = 0, accuracySum = 0;
            for (int sequence = 0; sequence < data.Count; sequence++)
            {
                ReadOnlySpan<T> inputs = data.Inputs(sequence), targets = data.Targets(sequence);
                int steps = data.Length(sequence);
                double sequenceLoss = 0;
                int correct = 0;
                state.Clear();
                for (int step = 0; step < steps; step++)
                {
                    network.Step(inputs.Slice(step * inputSize, inputSize), state, output);
                    if (everyStep || step == steps - 1)
                    {
                        ReadOnlySpan<T> target = targets.Slice(everyStep ? step * outputSize : 0, outputSize);
                        sequenceLoss += LossFunctions.Of<T, TScalar>(loss, output, target);
                        correct += Evaluator.IsCorrect<T, TScalar>(loss, output, target) ? 1 : 0;
                    }
                }

                int targeted = everyStep ? steps : 1;
                lossSum += sequenceLoss / targeted;
                accuracySum += (double)correct / targeted;
            }

            return new Evaluation(data.Count, lossSum / data.Count, loss == Loss.MeanSquaredError ? double.NaN : accuracySum / data.Count);
        }
    }
}
