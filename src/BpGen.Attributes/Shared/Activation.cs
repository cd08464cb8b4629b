namespace BpGen
{
    /// <summary>The activation function f of a layer: a = f(z).</summary>
    public enum Activation
    {
        /// <summary>f(z) = z.</summary>
        Identity = 0,

        /// <summary>f(z) = 1 / (1 + e^(−z)).</summary>
        Sigmoid = 1,

        /// <summary>f(z) = tanh(z).</summary>
        Tanh = 2,

        /// <summary>f(z) = max(0, z).</summary>
        ReLU = 3,

        /// <summary>f(z) = z for z ≥ 0, 0.01·z for z &lt; 0.</summary>
        LeakyReLU = 4,

        /// <summary>f(z) = ln(1 + e^z), a smooth ReLU.</summary>
        Softplus = 5,

        /// <summary>f(z) = z for z ≥ 0, e^z − 1 for z &lt; 0.</summary>
        ELU = 6,
    }
}
