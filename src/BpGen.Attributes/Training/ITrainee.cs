using System;

namespace BpGen
{
    /// <summary>
    /// What the epoch loop and the optimizer see of the network being trained, dense
    /// (<see cref="DenseTrainee{T, TScalar}"/>) or recurrent (<see cref="RecurrentTrainee{T, TScalar}"/>):
    /// its parameters and their layout, its own gradient-descent step, and its validation set.
    /// </summary>
    internal interface ITrainee<T>
        where T : unmanaged
    {
        int ParameterCount { get; }

        Span<T> Parameters { get; }

        /// <summary>Which blocks are weights (decayed by λ) and which biases.</summary>
        ParameterLayout Layout { get; }

        /// <summary>Whether there is a validation set to evaluate after every epoch.</summary>
        bool Validating { get; }

        /// <summary>The network's own Update: plain SGD.</summary>
        void Update(Span<T> gradient, T learningRate, int batchSize, T l2);

        /// <summary>The loss and accuracy on the validation set.</summary>
        Evaluation Validate();
    }
}
