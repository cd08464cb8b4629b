namespace BpGen
{
    /// <summary>
    /// One parameter step on a mini-batch: either the fused TrainStep (<see cref="FusedSgdStep{T, TScalar}"/>)
    /// or a summed gradient applied by the optimizer (<see cref="GradientStep{T, TScalar}"/>).
    /// </summary>
    internal interface ITrainingStep
    {
        /// <summary>
        /// Steps on the samples order[start..end) and adds their losses, each computed before the
        /// step, to <paramref name="lossSum"/> one by one, as a sum over the whole epoch does.
        /// </summary>
        void Take(int start, int end, ref double lossSum);
    }
}
