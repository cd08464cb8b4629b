namespace BpGen.Tests.GeneratedCode;

/// <summary>InitializeParameters: seeded, Glorot or He by activation, zero biases, the same everywhere.</summary>
public class InitializationTests
{
    [Fact]
    public void A_new_network_holds_the_parameters_of_seed_0()
    {
        var fresh = new DigitsNet();
        var seeded = new DigitsNet();
        seeded.InitializeParameters(5);
        seeded.InitializeParameters(0);
        Assert.Equal(seeded.Parameters.ToArray(), fresh.Parameters.ToArray());
    }

    [Fact]
    public void The_same_seed_gives_the_same_bits_and_another_seed_other_values()
    {
        var a = new TestNet();
        var b = new TestNet();
        a.InitializeParameters(42);
        b.InitializeParameters(42);
        Assert.Equal(Bits(a.Parameters), Bits(b.Parameters));

        b.InitializeParameters(43);
        int same = Enumerable.Range(0, 6).Count(k => a.Parameters[k] == b.Parameters[k]);
        Assert.Equal(0, same);
    }

    [Fact]
    public void Parameters_follow_the_documented_formula()
    {
        // W ~ U(−r, r) drawn in layout order from SplitMix64: u = (next >> 11)·2^−53, w = (float)(r·(2u − 1)).
        // TestNet: r = √(6 / (2 + 3)) for both layers (Glorot; both fan sums are 5); biases 0.
        var net = new TestNet();
        net.InitializeParameters(9);
        ulong state = unchecked((ulong)9 * 0xD1B54A32D192ED03UL + 0x8CB92BA72F3D8DD7UL);
        double r = Math.Sqrt(6.0 / 5);
        int[] weights = { 0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14 };
        foreach (int k in weights)
        {
            ulong z = unchecked(state += 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            double u = (z >> 11) * Math.Pow(2, -53);
            Assert.Equal((float)(r * (2 * u - 1)), net.Parameters[k]);
        }

        Assert.All(new[] { 6, 7, 8, 15, 16 }, k => Assert.Equal(0f, net.Parameters[k]));
    }

    [Fact]
    public void Weights_scale_by_fan_in_He_for_ReLU_and_Glorot_otherwise()
    {
        // DigitsNet 64-32-10: W1 (ReLU) at 0–2047 with r = √(6/64); W2 (softmax) at 2080–2399 with r = √(6/42).
        var net = new DigitsNet();
        net.InitializeParameters(1);
        AssertUniform(net.Parameters.Slice(0, 2048).ToArray(), Math.Sqrt(6.0 / 64));
        AssertUniform(net.Parameters.Slice(2080, 320).ToArray(), Math.Sqrt(6.0 / (32 + 10)));
        Assert.All(net.Parameters.Slice(2048, 32).ToArray(), b => Assert.Equal(0f, b));
        Assert.All(net.Parameters.Slice(2400, 10).ToArray(), b => Assert.Equal(0f, b));
    }

    /// <summary>All values inside (−r, r) and a spread of U(−r, r): standard deviation r/√3 within 10%.</summary>
    private static void AssertUniform(float[] values, double r)
    {
        Assert.All(values, w => Assert.InRange(Math.Abs(w), 0, r));
        double mean = values.Average(w => (double)w);
        double deviation = Math.Sqrt(values.Average(w => (w - mean) * (w - mean)));
        Assert.InRange(deviation, 0.9 * r / Math.Sqrt(3), 1.1 * r / Math.Sqrt(3));
        Assert.InRange(mean, -0.1 * r, 0.1 * r);
    }

    private static int[] Bits(Span<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
