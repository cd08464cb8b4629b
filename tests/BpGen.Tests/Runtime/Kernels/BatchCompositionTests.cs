namespace BpGen.Tests.Runtime;

[Network(16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class BatchComposedNet
{
}

/// <summary>
/// The batched kernels composed into a whole forward and backward pass over blocks of samples, the
/// way generated ForwardBatch and BackwardBatch will compose them, against Forward and Backward one
/// sample at a time: the kernels together compute what the network defines, blocks that are full,
/// partial (the last of 33 samples in blocks of 16), single, or absent.
/// </summary>
public class BatchCompositionTests
{
    private const int Width = 16;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    public void Forward_over_blocks_gives_Forward_of_every_sample(int samples)
    {
        var (network, inputs, _) = Setup(samples);
        int outputSize = BatchComposedNet.OutputSize;
        var batched = new float[samples * outputSize];
        var one = new float[samples * outputSize];
        for (int start = 0; start < samples; start += Width)
        {
            int count = Math.Min(Width, samples - start);
            float[][] activations = ForwardBlock(network.Parameters.ToArray(), inputs.AsSpan(start * Sizes[0], count * Sizes[0]));
            Kernels.FromLanes(activations[^1], outputSize, batched.AsSpan(start * outputSize, count * outputSize), Width);
        }

        for (int s = 0; s < samples; s++)
        {
            network.Forward(inputs.AsSpan(s * Sizes[0], Sizes[0]), one.AsSpan(s * outputSize, outputSize));
        }

        Assert.All(batched.Zip(one), pair => Assert.Equal(pair.Second, pair.First, 1e-6));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    public void Backward_over_blocks_gives_the_sum_of_Backward_over_the_samples(int samples)
    {
        var (network, inputs, targets) = Setup(samples);
        float[] parameters = network.Parameters.ToArray();
        var batched = new float[parameters.Length];
        double batchedLoss = 0;
        for (int start = 0; start < samples; start += Width)
        {
            int count = Math.Min(Width, samples - start);
            batchedLoss += BackwardBlock(
                parameters, inputs.AsSpan(start * Sizes[0], count * Sizes[0]), targets.AsSpan(start * Sizes[^1], count * Sizes[^1]), batched);
        }

        var one = new float[parameters.Length];
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            loss += network.Backward(inputs.AsSpan(s * Sizes[0], Sizes[0]), targets.AsSpan(s * Sizes[^1], Sizes[^1]), one);
        }

        Assert.Equal(loss, batchedLoss, 1e-4 * (1 + loss));
        Assert.All(batched.Zip(one), pair => Assert.Equal(pair.Second, pair.First, 1e-5 * (1 + Math.Abs(pair.Second))));
    }

    private static readonly int[] Sizes = { 16, 32, 32, 4 };

    /// <summary>The activations of every layer for a block, in lanes: the inputs, ReLU layers, softmax.</summary>
    private static float[][] ForwardBlock(float[] parameters, ReadOnlySpan<float> inputs)
    {
        var activations = new float[Sizes.Length][];
        activations[0] = new float[Sizes[0] * Width];
        Kernels.ToLanes(inputs, Sizes[0], activations[0], Width);
        int offset = 0;
        for (int l = 1; l < Sizes.Length; l++)
        {
            int rows = Sizes[l], columns = Sizes[l - 1];
            activations[l] = new float[rows * Width];
            Kernels.AffineLanes(parameters.AsSpan(offset, rows * columns), parameters.AsSpan(offset + rows * columns, rows), activations[l - 1], activations[l], Width);
            offset += rows * (columns + 1);
            if (l == Sizes.Length - 1)
            {
                Kernels.SoftmaxLanes(activations[l], Width);
            }
            else
            {
                Kernels.ReLU(activations[l]);
            }
        }

        return activations;
    }

    /// <summary>
    /// Adds the block's gradient: δ^L = p − y, then for each layer ∂J/∂W^l += Σ_s δ^l_s·(a^(l−1)_s)ᵀ,
    /// ∂J/∂b^l += Σ_s δ^l_s, δ^(l−1) = (W^l)ᵀ·δ^l ⊙ ReLU′; returns Σ_s −y·ln p.
    /// </summary>
    private static double BackwardBlock(float[] parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, float[] gradient)
    {
        int count = inputs.Length / Sizes[0];
        float[][] activations = ForwardBlock(parameters, inputs);
        var y = new float[Sizes[^1] * Width];
        Kernels.ToLanes(targets, Sizes[^1], y, Width);
        float[] p = activations[^1];
        float[] delta = p.Zip(y, (pk, yk) => pk - yk).ToArray();
        double loss = 0;
        for (int k = 0; k < Sizes[^1]; k++)
        {
            for (int s = 0; s < count; s++)
            {
                loss -= y[k * Width + s] * Math.Log(p[k * Width + s]);
            }
        }

        int offset = parameters.Length;
        for (int l = Sizes.Length - 1; l >= 1; l--)
        {
            int rows = Sizes[l], columns = Sizes[l - 1];
            offset -= rows * (columns + 1);
            float[] previous = new float[count * columns];
            if (l == 1)
            {
                inputs.CopyTo(previous);
            }
            else
            {
                Kernels.FromLanes(activations[l - 1], columns, previous, Width);
            }

            Kernels.AddOuterProductsOfBlock(delta, previous, gradient.AsSpan(offset, rows * columns), Width);
            Kernels.AddLaneSums(delta, count, gradient.AsSpan(offset + rows * columns, rows), Width);
            if (l > 1)
            {
                var down = new float[columns * Width];
                Kernels.MultiplyTransposedLanes(parameters.AsSpan(offset, rows * columns), delta, down, Width);
                Kernels.MultiplyByRectifierDerivative(down, activations[l - 1], 0f);
                delta = down;
            }
        }

        return loss;
    }

    private static (BatchComposedNet Network, float[] Inputs, float[] Targets) Setup(int samples)
    {
        var network = new BatchComposedNet();
        network.InitializeParameters(3);
        var random = new SeededRandom(samples);
        float[] inputs = Enumerable.Range(0, samples * Sizes[0]).Select(_ => (float)random.NextUniform(2)).ToArray();
        var targets = new float[samples * Sizes[^1]];
        for (int s = 0; s < samples; s++)
        {
            targets[s * Sizes[^1] + random.NextInt(Sizes[^1])] = 1;
        }

        return (network, inputs, targets);
    }
}
