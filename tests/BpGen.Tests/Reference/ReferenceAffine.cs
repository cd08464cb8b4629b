namespace BpGen.Tests.Reference;

/// <summary>
/// v = W·x + b and its backward pass, in double, over θ: W (rows × columns, row-major at
/// <c>weights</c>) and b (rows, at <c>biases</c>). Dense layers and the gates of recurrent layers share it.
/// </summary>
public static class ReferenceAffine
{
    /// <summary>W·x + b, each row summed from its bias then over j in order.</summary>
    public static double[] Apply(double[] theta, int weights, int biases, int rows, int columns, double[] x)
    {
        Assert.Equal(columns, x.Length);
        var v = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double sum = theta[biases + i];
            for (int j = 0; j < columns; j++)
            {
                sum += theta[weights + i * columns + j] * x[j];
            }

            v[i] = sum;
        }

        return v;
    }

    /// <summary>Adds ∂J/∂W = δ·xᵀ and ∂J/∂b = δ into <paramref name="gradient"/> and returns ∂J/∂x = Wᵀ·δ.</summary>
    public static double[] Backpropagate(double[] theta, int weights, int biases, int rows, int columns, double[] x, double[] delta, double[] gradient)
    {
        var below = new double[columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                gradient[weights + i * columns + j] += delta[i] * x[j];
            }

            gradient[biases + i] += delta[i];
        }

        for (int j = 0; j < columns; j++)
        {
            double sum = 0;
            for (int i = 0; i < rows; i++)
            {
                sum += theta[weights + i * columns + j] * delta[i];
            }

            below[j] = sum;
        }

        return below;
    }
}
