namespace BpGen.Benchmarks;

/// <summary>
/// A GRU step as a textbook writes it in C#, the baseline of the recurrent benchmarks: jagged weight
/// arrays, one gate after another, PyTorch's equations.
/// </summary>
public sealed class TextbookGru
{
    private readonly float[][] _wi, _wh;
    private readonly float[] _bi, _bh, _r, _z;

    public TextbookGru(int inputs, int units, int seed)
    {
        var random = new SeededRandom(seed);
        float limit = 1 / MathF.Sqrt(units);
        _wi = Enumerable.Range(0, 3 * units).Select(_ => Enumerable.Range(0, inputs).Select(_ => (float)random.NextUniform(limit)).ToArray()).ToArray();
        _wh = Enumerable.Range(0, 3 * units).Select(_ => Enumerable.Range(0, units).Select(_ => (float)random.NextUniform(limit)).ToArray()).ToArray();
        _bi = Enumerable.Range(0, 3 * units).Select(_ => (float)random.NextUniform(limit)).ToArray();
        _bh = Enumerable.Range(0, 3 * units).Select(_ => (float)random.NextUniform(limit)).ToArray();
        _r = new float[units];
        _z = new float[units];
    }

    /// <summary>h ← GRU(x, h).</summary>
    public void Step(float[] x, float[] h, float[] next)
    {
        int n = h.Length;
        for (int i = 0; i < n; i++)
        {
            _r[i] = Sigmoid(Dot(_wi[i], x) + _bi[i] + Dot(_wh[i], h) + _bh[i]);
            _z[i] = Sigmoid(Dot(_wi[n + i], x) + _bi[n + i] + Dot(_wh[n + i], h) + _bh[n + i]);
        }

        for (int i = 0; i < n; i++)
        {
            float candidate = MathF.Tanh(Dot(_wi[2 * n + i], x) + _bi[2 * n + i] + _r[i] * (Dot(_wh[2 * n + i], h) + _bh[2 * n + i]));
            next[i] = (1 - _z[i]) * candidate + _z[i] * h[i];
        }

        Array.Copy(next, h, n);
    }

    private static float Dot(float[] w, float[] v)
    {
        float sum = 0;
        for (int j = 0; j < v.Length; j++)
        {
            sum += w[j] * v[j];
        }

        return sum;
    }

    private static float Sigmoid(float z) => 1 / (1 + MathF.Exp(-z));
}
