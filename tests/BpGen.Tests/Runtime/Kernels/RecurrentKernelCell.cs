namespace BpGen.Tests.Runtime;

/// <summary>
/// The recurrent kernels of one layer kind in one precision, called with double arrays shaped like
/// <see cref="Reference.ReferenceLayer"/>'s: a state of h (GRU) or h then c (LSTM), and its delta likewise.
/// In float every value is rounded on the way in, so tests draw values that are floats already. Outputs
/// start as NaN, so a kernel that added to them instead of writing them shows.
/// </summary>
public abstract class RecurrentKernelCell
{
    public static RecurrentKernelCell Of(Layer kind, bool single) =>
        single ? new RecurrentKernelCell<float, SingleKernels>(kind) : new RecurrentKernelCell<double, DoubleKernels>(kind);

    /// <summary>One step: the next state and the cache; <paramref name="portable"/> takes the path of runtimes without AVX.</summary>
    public abstract (double[] Next, double[] Cache) Step(double[] layer, double[] x, double[] state, bool portable = false);

    /// <summary>
    /// One step of <paramref name="streams"/> streams by the batch kernel, states (h, or h then c, per stream)
    /// stream after stream: the next states and the caches, stream after stream. Without
    /// <paramref name="keepCaches"/> the kernel gets an empty caches span and the caches returned are empty.
    /// </summary>
    public abstract (double[] Next, double[] Caches) StepBatch(double[] layer, int streams, double[] xs, double[] states, bool keepCaches = true);

    /// <summary>
    /// The backward step: adds into <paramref name="gradient"/>; returns ∂J/∂state and ∂J/∂x (empty unless <paramref name="wantDx"/>);
    /// <paramref name="portable"/> takes the path of runtimes without AVX. Without <paramref name="wantDh"/> the kernel gets an
    /// empty dh and ∂J/∂h stays NaN in the state delta returned.
    /// </summary>
    public abstract (double[] StateDelta, double[] Dx) Backward(
        double[] layer, double[] x, double[] state, double[] cache, double[] nextStateDelta, Span<double> gradient, bool wantDx, bool portable = false, bool wantDh = true);
}

/// <summary>The four kernels of one element type, so that <see cref="RecurrentKernelCell{T, TKernels}"/> is written once.</summary>
public interface IRecurrentKernels<T>
{
    T From(double value);

    void GruStep(ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> hNext, Span<T> cache);

    /// <summary>The backward step, through the portable path every runtime without AVX takes where <paramref name="portable"/>.</summary>
    void GruBackward(ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> cache, ReadOnlySpan<T> dhNext, Span<T> dh, Span<T> dx, bool portable);

    void LstmStep(ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, ReadOnlySpan<T> c, Span<T> hNext, Span<T> cNext, Span<T> cache);

    /// <inheritdoc cref="GruBackward"/>
    void LstmBackward(
        ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, ReadOnlySpan<T> c, Span<T> cache, ReadOnlySpan<T> dhNext, ReadOnlySpan<T> dcNext,
        Span<T> dh, Span<T> dc, Span<T> dx, bool portable);

    /// <summary>The weight gradient over a run of steps, through the portable path where <paramref name="portable"/>.</summary>
    void WeightGradient(
        Layer kind, int units, int steps, ReadOnlySpan<T> inputs, int inputStride, ReadOnlySpan<T> states, ReadOnlySpan<T> deltas, int stride, Span<T> layerGradient, bool portable);

    void GruStepBatch(ReadOnlySpan<T> layer, int streams, ReadOnlySpan<T> xs, ReadOnlySpan<T> hs, Span<T> hNexts, Span<T> caches);

    void LstmStepBatch(ReadOnlySpan<T> layer, int streams, ReadOnlySpan<T> xs, ReadOnlySpan<T> hs, ReadOnlySpan<T> cs, Span<T> hNexts, Span<T> cNexts, Span<T> caches);

    /// <summary>The one-stream step every runtime without AVX takes (shapes unchecked).</summary>
    void GruStepPortable(ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> hNext, Span<T> cache);

    /// <inheritdoc cref="GruStepPortable"/>
    void LstmStepPortable(ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, ReadOnlySpan<T> c, Span<T> hNext, Span<T> cNext, Span<T> cache);

}

public readonly struct SingleKernels : IRecurrentKernels<float>
{
    public float From(double value) => (float)value;

    public void GruStep(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, Span<float> hNext, Span<float> cache) =>
        Kernels.GruStep(layer, x, h, hNext, cache);

    public void GruBackward(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, Span<float> cache, ReadOnlySpan<float> dhNext, Span<float> dh, Span<float> dx, bool portable)
    {
        if (portable)
        {
            Kernels.GruBackward<float, SingleScalar>(layer, new Kernels.RecurrentShape(3, h.Length, x.Length), h, cache, dhNext, dh, dx, vectors: false);
        }
        else
        {
            Kernels.GruBackward(layer, x, h, cache, dhNext, dh, dx);
        }
    }

    public void LstmStep(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hNext, Span<float> cNext, Span<float> cache) =>
        Kernels.LstmStep(layer, x, h, c, hNext, cNext, cache);

    public void LstmBackward(
        ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> cache, ReadOnlySpan<float> dhNext, ReadOnlySpan<float> dcNext,
        Span<float> dh, Span<float> dc, Span<float> dx, bool portable)
    {
        if (portable)
        {
            Kernels.LstmBackward<float, SingleScalar>(layer, new Kernels.RecurrentShape(4, h.Length, x.Length), c, cache, dhNext, dcNext, dh, dc, dx, vectors: false);
        }
        else
        {
            Kernels.LstmBackward(layer, x, h, c, cache, dhNext, dcNext, dh, dc, dx);
        }
    }

    public void WeightGradient(
        Layer kind, int units, int steps, ReadOnlySpan<float> inputs, int inputStride, ReadOnlySpan<float> states, ReadOnlySpan<float> deltas, int stride, Span<float> layerGradient, bool portable)
    {
        if (kind == Layer.Gru && portable)
        {
            Kernels.GruWeightGradient<float, SingleScalar>(units, steps, inputs, inputStride, states, deltas, stride, layerGradient, vectors: false);
        }
        else if (kind == Layer.Gru)
        {
            Kernels.GruWeightGradient(units, steps, inputs, inputStride, states, deltas, stride, layerGradient);
        }
        else if (portable)
        {
            Kernels.LstmWeightGradient<float, SingleScalar>(units, steps, inputs, inputStride, states, deltas, stride, layerGradient, vectors: false);
        }
        else
        {
            Kernels.LstmWeightGradient(units, steps, inputs, inputStride, states, deltas, stride, layerGradient);
        }
    }

    public void GruStepBatch(ReadOnlySpan<float> layer, int streams, ReadOnlySpan<float> xs, ReadOnlySpan<float> hs, Span<float> hNexts, Span<float> caches) =>
        Kernels.GruStepBatch(layer, streams, xs, hs, hNexts, caches);

    public void LstmStepBatch(ReadOnlySpan<float> layer, int streams, ReadOnlySpan<float> xs, ReadOnlySpan<float> hs, ReadOnlySpan<float> cs, Span<float> hNexts, Span<float> cNexts, Span<float> caches) =>
        Kernels.LstmStepBatch(layer, streams, xs, hs, cs, hNexts, cNexts, caches);

    public void GruStepPortable(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, Span<float> hNext, Span<float> cache) =>
        Kernels.GruStepPortable<float, SingleScalar>(layer, new Kernels.RecurrentShape(3, h.Length, x.Length), x, h, hNext, cache);

    public void LstmStepPortable(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hNext, Span<float> cNext, Span<float> cache) =>
        Kernels.LstmStepPortable<float, SingleScalar>(layer, new Kernels.RecurrentShape(4, h.Length, x.Length), x, h, c, hNext, cNext, cache);


}

public readonly struct DoubleKernels : IRecurrentKernels<double>
{
    public double From(double value) => value;

    public void GruStep(ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, Span<double> hNext, Span<double> cache) =>
        Kernels.GruStep(layer, x, h, hNext, cache);

    public void GruBackward(ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, Span<double> cache, ReadOnlySpan<double> dhNext, Span<double> dh, Span<double> dx, bool portable)
    {
        if (portable)
        {
            Kernels.GruBackward<double, DoubleScalar>(layer, new Kernels.RecurrentShape(3, h.Length, x.Length), h, cache, dhNext, dh, dx, vectors: false);
        }
        else
        {
            Kernels.GruBackward(layer, x, h, cache, dhNext, dh, dx);
        }
    }

    public void LstmStep(ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, ReadOnlySpan<double> c, Span<double> hNext, Span<double> cNext, Span<double> cache) =>
        Kernels.LstmStep(layer, x, h, c, hNext, cNext, cache);

    public void LstmBackward(
        ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, ReadOnlySpan<double> c, Span<double> cache, ReadOnlySpan<double> dhNext, ReadOnlySpan<double> dcNext,
        Span<double> dh, Span<double> dc, Span<double> dx, bool portable)
    {
        if (portable)
        {
            Kernels.LstmBackward<double, DoubleScalar>(layer, new Kernels.RecurrentShape(4, h.Length, x.Length), c, cache, dhNext, dcNext, dh, dc, dx, vectors: false);
        }
        else
        {
            Kernels.LstmBackward(layer, x, h, c, cache, dhNext, dcNext, dh, dc, dx);
        }
    }

    public void WeightGradient(
        Layer kind, int units, int steps, ReadOnlySpan<double> inputs, int inputStride, ReadOnlySpan<double> states, ReadOnlySpan<double> deltas, int stride, Span<double> layerGradient, bool portable)
    {
        if (kind == Layer.Gru && portable)
        {
            Kernels.GruWeightGradient<double, DoubleScalar>(units, steps, inputs, inputStride, states, deltas, stride, layerGradient, vectors: false);
        }
        else if (kind == Layer.Gru)
        {
            Kernels.GruWeightGradient(units, steps, inputs, inputStride, states, deltas, stride, layerGradient);
        }
        else if (portable)
        {
            Kernels.LstmWeightGradient<double, DoubleScalar>(units, steps, inputs, inputStride, states, deltas, stride, layerGradient, vectors: false);
        }
        else
        {
            Kernels.LstmWeightGradient(units, steps, inputs, inputStride, states, deltas, stride, layerGradient);
        }
    }

    public void GruStepBatch(ReadOnlySpan<double> layer, int streams, ReadOnlySpan<double> xs, ReadOnlySpan<double> hs, Span<double> hNexts, Span<double> caches) =>
        Kernels.GruStepBatch(layer, streams, xs, hs, hNexts, caches);

    public void LstmStepBatch(ReadOnlySpan<double> layer, int streams, ReadOnlySpan<double> xs, ReadOnlySpan<double> hs, ReadOnlySpan<double> cs, Span<double> hNexts, Span<double> cNexts, Span<double> caches) =>
        Kernels.LstmStepBatch(layer, streams, xs, hs, cs, hNexts, cNexts, caches);

    public void GruStepPortable(ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, Span<double> hNext, Span<double> cache) =>
        Kernels.GruStepPortable<double, DoubleScalar>(layer, new Kernels.RecurrentShape(3, h.Length, x.Length), x, h, hNext, cache);

    public void LstmStepPortable(ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, ReadOnlySpan<double> c, Span<double> hNext, Span<double> cNext, Span<double> cache) =>
        Kernels.LstmStepPortable<double, DoubleScalar>(layer, new Kernels.RecurrentShape(4, h.Length, x.Length), x, h, c, hNext, cNext, cache);


}

public sealed class RecurrentKernelCell<T, TKernels>(Layer kind) : RecurrentKernelCell
    where T : unmanaged
    where TKernels : struct, IRecurrentKernels<T>
{
    private int CachePerUnit => kind == Layer.Gru ? Kernels.GruCachePerUnit : Kernels.LstmCachePerUnit;

    public override (double[] Next, double[] Cache) Step(double[] layer, double[] x, double[] state, bool portable = false)
    {
        int units = Units(state);
        T[] s = From(state), next = NaNs(state.Length), cache = NaNs(CachePerUnit * units);
        TKernels kernels = default;
        if (kind == Layer.Gru && portable)
        {
            kernels.GruStepPortable(From(layer), From(x), s, next, cache);
        }
        else if (kind == Layer.Gru)
        {
            kernels.GruStep(From(layer), From(x), s, next, cache);
        }
        else if (portable)
        {
            kernels.LstmStepPortable(From(layer), From(x), s.AsSpan(0, units), s.AsSpan(units), next.AsSpan(0, units), next.AsSpan(units), cache);
        }
        else
        {
            kernels.LstmStep(From(layer), From(x), s.AsSpan(0, units), s.AsSpan(units), next.AsSpan(0, units), next.AsSpan(units), cache);
        }

        return (ToDouble(next), ToDouble(cache));
    }

    public override (double[] Next, double[] Caches) StepBatch(double[] layer, int streams, double[] xs, double[] states, bool keepCaches = true)
    {
        int size = states.Length / streams, units = UnitsOf(size);
        T[] h = new T[streams * units], c = new T[streams * units];
        for (int s = 0; s < streams; s++)
        {
            Array.Copy(From(states[(s * size)..((s * size) + units)]), 0, h, s * units, units);
            if (kind == Layer.Lstm)
            {
                Array.Copy(From(states[((s * size) + units)..((s + 1) * size)]), 0, c, s * units, units);
            }
        }

        T[] hNext = NaNs(streams * units), cNext = NaNs(streams * units), caches = keepCaches ? NaNs(streams * CachePerUnit * units) : [];
        if (kind == Layer.Gru)
        {
            default(TKernels).GruStepBatch(From(layer), streams, From(xs), h, hNext, caches);
        }
        else
        {
            default(TKernels).LstmStepBatch(From(layer), streams, From(xs), h, c, hNext, cNext, caches);
        }

        var next = new double[states.Length];
        for (int s = 0; s < streams; s++)
        {
            ToDouble(hNext[(s * units)..((s + 1) * units)]).CopyTo(next, s * size);
            if (kind == Layer.Lstm)
            {
                ToDouble(cNext[(s * units)..((s + 1) * units)]).CopyTo(next, (s * size) + units);
            }
        }

        return (next, ToDouble(caches));
    }

    public override (double[] StateDelta, double[] Dx) Backward(
        double[] layer, double[] x, double[] state, double[] cache, double[] nextStateDelta, Span<double> gradient, bool wantDx, bool portable = false, bool wantDh = true)
    {
        int units = Units(state);
        T[] s = From(state), next = From(nextStateDelta), layerGradient = From(gradient.ToArray());
        T[] stateDelta = NaNs(state.Length), dx = wantDx ? NaNs(x.Length) : [];
        T[] weights = From(layer), input = From(x), deltas = From(cache);
        TKernels kernels = default;
        // Without dh, an empty span at the state delta's start: a kernel that wrote through it anyway would show there.
        Span<T> dh = stateDelta.AsSpan(0, wantDh ? units : 0);
        if (kind == Layer.Gru)
        {
            kernels.GruBackward(weights, input, s, deltas, next, dh, dx, portable);
        }
        else
        {
            kernels.LstmBackward(
                weights, input, s.AsSpan(0, units), s.AsSpan(units), deltas, next.AsSpan(0, units), next.AsSpan(units),
                dh, stateDelta.AsSpan(units), dx, portable);
        }

        kernels.WeightGradient(kind, units, 1, input, x.Length, s, deltas, deltas.Length, layerGradient, portable);
        ToDouble(layerGradient).CopyTo(gradient);
        return (ToDouble(stateDelta), ToDouble(dx));
    }

    private int Units(double[] state) => UnitsOf(state.Length);

    private int UnitsOf(int stateSize) => kind == Layer.Gru ? stateSize : stateSize / 2;

    private static T[] From(double[] values) => values.Select(default(TKernels).From).ToArray();

    private static T[] NaNs(int length) => Enumerable.Repeat(default(TKernels).From(double.NaN), length).ToArray();

    private static double[] ToDouble(T[] values) => values.Select(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
