namespace BpGen
{
    /// <summary>The per-sample loss J, which also fixes what the output layer computes.</summary>
    public enum Loss
    {
        /// <summary>
        /// J = ½ Σᵢ (aᵢ − yᵢ)². The output layer applies <see cref="NetworkAttribute.OutputActivation"/>
        /// if it is set, otherwise the network's activation.
        /// </summary>
        MeanSquaredError = 0,

        /// <summary>
        /// J = −Σⱼ yⱼ ln pⱼ with p = softmax(z). Forward returns the probabilities p.
        /// Needs at least two outputs.
        /// </summary>
        SoftmaxCrossEntropy = 1,

        /// <summary>
        /// J = −Σᵢ [yᵢ ln aᵢ + (1 − yᵢ) ln(1 − aᵢ)] with a = σ(z): independent yes/no outputs.
        /// </summary>
        BinaryCrossEntropy = 2,
    }
}
