namespace BpGen
{
    /// <summary>How <c>Train</c> turns a batch's gradient into a parameter step.</summary>
    public enum Optimizer
    {
        /// <summary>Plain gradient descent: θ ← θ − α·(g/m + λ·W).</summary>
        Sgd = 0,

        /// <summary>Gradient descent with momentum μ: v ← μ·v + (g/m + λ·W), θ ← θ − α·v.</summary>
        Momentum = 1,

        /// <summary>Adam (Kingma and Ba): bias-corrected moment estimates of g/m + λ·W.</summary>
        Adam = 2,
    }
}
