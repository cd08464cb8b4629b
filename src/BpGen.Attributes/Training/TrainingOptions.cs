using System;
using System.Globalization;
using System.Threading;

namespace BpGen
{
    /// <summary>How a generated network's <c>Train</c> runs. Every setting has a usable default.</summary>
    public sealed class TrainingOptions
    {
        /// <summary>The most passes over the training data. Default 100.</summary>
        public int Epochs { get; set; } = 100;

        /// <summary>
        /// m, the samples per parameter step: 1 is stochastic gradient descent, the data set's size is
        /// batch gradient descent, anything between is mini-batch. Default 32.
        /// </summary>
        public int BatchSize { get; set; } = 32;

        /// <summary>α, the step size. Default 0.01.</summary>
        public double LearningRate { get; set; } = 0.01;

        /// <summary>λ, the L2 weight decay on weights (not biases). Default 0.</summary>
        public double L2 { get; set; }

        /// <summary>
        /// ε: stop when no parameter moved by more than this during an epoch. Default 0, which turns
        /// the check off.
        /// </summary>
        public double Tolerance { get; set; }

        /// <summary>Seeds the shuffling of samples, so a seed gives the same training everywhere. Default 0.</summary>
        public int Seed { get; set; }

        /// <summary>Visit samples in a fresh random order each epoch. Default true.</summary>
        public bool Shuffle { get; set; } = true;

        /// <summary>The update rule. Default <see cref="BpGen.Optimizer.Sgd"/>.</summary>
        public Optimizer Optimizer { get; set; } = Optimizer.Sgd;

        /// <summary>μ for <see cref="BpGen.Optimizer.Momentum"/>. Default 0.9.</summary>
        public double Momentum { get; set; } = 0.9;

        /// <summary>β₁ for <see cref="BpGen.Optimizer.Adam"/>. Default 0.9.</summary>
        public double Beta1 { get; set; } = 0.9;

        /// <summary>β₂ for <see cref="BpGen.Optimizer.Adam"/>. Default 0.999.</summary>
        public double Beta2 { get; set; } = 0.999;

        /// <summary>The ε added to Adam's denominator. Default 1e-8.</summary>
        public double AdamEpsilon { get; set; } = 1e-8;

        /// <summary>
        /// With a validation set: stop after this many epochs without a better validation loss, and
        /// restore the best parameters; training that converges or runs all its epochs ends with the best
        /// parameters too. Default 10; 0 turns early stopping off.
        /// </summary>
        public int Patience { get; set; } = 10;

        /// <summary>
        /// The most threads that share each mini-batch's Backward calls. Every thread sums its share of
        /// the samples into a gradient of its own, and the shares are added in thread order, so a seed,
        /// a parallelism and a batch size always train the same network (differing from one thread in
        /// the last bits, as additions happen in another order). A thread is only added while each
        /// gets at least two samples and 65,536 parameter-samples (batch size × parameter count ÷
        /// threads) of work: below that, handing work to a pool thread costs more than it saves. Each
        /// parallel mini-batch allocates the thread pool's small bookkeeping. Default 1.
        /// </summary>
        public int Parallelism { get; set; } = 1;

        /// <summary>
        /// The most the global L2 norm of a mini-batch's mean gradient (g/m, over every parameter, before
        /// the L2 term) may be: a longer gradient is scaled down to this norm before the optimizer's step,
        /// which keeps the exploding gradients of long sequences from wrecking a recurrent network.
        /// Default 0, which turns clipping off. With clipping on, batches of one take the gradient path
        /// rather than the fused TrainStep.
        /// </summary>
        public double GradientClipping { get; set; }

        /// <summary>
        /// k for truncated backpropagation through time (recurrent networks): each sequence is cut into
        /// windows of k steps; the state carries from window to window, the gradient stops at each
        /// window's start. A sequence's gradient is the sum of its windows' gradients, each window's weighed
        /// by its share of the targeted steps, so its loss is still the mean over every targeted step. With
        /// a target for the last step only, just the last window has a gradient; the others run forward.
        /// Default 0: whole sequences, as does any k at least a sequence's length.
        /// </summary>
        public int TruncatedSteps { get; set; }

        /// <summary>Called after every epoch with its losses, on the training thread.</summary>
        public Action<EpochProgress>? Progress { get; set; }

        /// <summary>Checked before every epoch.</summary>
        public CancellationToken CancellationToken { get; set; }

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
        public void Validate()
        {
            Require(Epochs >= 1, nameof(Epochs), Epochs, "at least 1");
            Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
            Require(IsFiniteAtLeastZero(LearningRate), nameof(LearningRate), LearningRate, "a finite number ≥ 0");
            Require(IsFiniteAtLeastZero(L2), nameof(L2), L2, "a finite number ≥ 0");
            Require(IsFiniteAtLeastZero(Tolerance), nameof(Tolerance), Tolerance, "a finite number ≥ 0");
            Require(Enum.IsDefined(typeof(Optimizer), Optimizer), nameof(Optimizer), Optimizer, "Sgd, Momentum or Adam");
            Require(Momentum >= 0 && Momentum < 1, nameof(Momentum), Momentum, "in [0, 1)");
            Require(Beta1 >= 0 && Beta1 < 1, nameof(Beta1), Beta1, "in [0, 1)");
            Require(Beta2 >= 0 && Beta2 < 1, nameof(Beta2), Beta2, "in [0, 1)");
            Require(AdamEpsilon > 0 && IsFiniteAtLeastZero(AdamEpsilon), nameof(AdamEpsilon), AdamEpsilon, "a finite number > 0");
            Require(Patience >= 0, nameof(Patience), Patience, "at least 0");
            Require(IsFiniteAtLeastZero(GradientClipping), nameof(GradientClipping), GradientClipping, "a finite number ≥ 0");
            Require(TruncatedSteps >= 0, nameof(TruncatedSteps), TruncatedSteps, "at least 0");
            Require(Parallelism >= 1 && Parallelism <= 256, nameof(Parallelism), Parallelism, "from 1 to 256");
        }

        /// <summary>
        /// <see cref="Validate()"/>, and for a network of <paramref name="single"/> precision the settings it
        /// computes with in float must be floats: finite, Adam's ε not rounded to 0, and μ, β₁ and β₂ not
        /// rounded to 1.
        /// </summary>
        internal void Validate(bool single)
        {
            Validate();
            if (single)
            {
                const string Float = "a finite number ≥ 0 that a float holds (at most 3.4E+38)";
                Require(LearningRate <= float.MaxValue, nameof(LearningRate), LearningRate, Float);
                Require(L2 <= float.MaxValue, nameof(L2), L2, Float);
                Require(AdamEpsilon >= float.Epsilon && AdamEpsilon <= float.MaxValue, nameof(AdamEpsilon), AdamEpsilon, "a number > 0 that a float holds (from 1.4E-45 to 3.4E+38)");
                const string BelowOne = "in [0, 1) as a float too (1 − 1e-8 rounds to 1)";
                Require((float)Momentum < 1, nameof(Momentum), Momentum, BelowOne);
                Require((float)Beta1 < 1, nameof(Beta1), Beta1, BelowOne);
                Require((float)Beta2 < 1, nameof(Beta2), Beta2, BelowOne);
            }
        }

        private static bool IsFiniteAtLeastZero(double value) => value >= 0 && value <= double.MaxValue;

        private static void Require(bool condition, string name, object value, string expected)
        {
            if (!condition)
            {
                throw new ArgumentOutOfRangeException(
                    name,
                    value,
                    $"TrainingOptions.{name} must be {expected}, but it is {Convert.ToString(value, CultureInfo.InvariantCulture)}.");
            }
        }
    }
}
