namespace BpGen
{
    /// <summary>
    /// What a weight layer computes. The binary parameter format stores each layer's kind as this
    /// number, the JSON format as this name. The recurrent layers follow PyTorch's definitions
    /// (<c>nn.GRU</c>, <c>nn.LSTM</c>), so their parameters map one to one to a <c>state_dict</c>.
    /// </summary>
    public enum Layer
    {
        /// <summary>z = W·a + b, then a = f(z).</summary>
        Dense = 0,

        /// <summary>
        /// A gated recurrent unit of state h: r = σ(W_ir·x + b_ir + W_hr·h + b_hr),
        /// z = σ(W_iz·x + b_iz + W_hz·h + b_hz), n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)),
        /// h′ = (1 − z) ⊙ n + z ⊙ h; its output is h′.
        /// </summary>
        Gru = 1,

        /// <summary>
        /// A long short-term memory of state h and c: i, f, o = σ(W_i·x + b_i + W_h·h + b_h), g = tanh(…),
        /// c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′); its output is h′.
        /// </summary>
        Lstm = 2,
    }
}
