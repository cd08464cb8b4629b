using BpGen.Sample;

// A two-class problem in the plane: is the point inside the circle of radius 1 around the origin?
const int SampleCount = 400;
var random = new BpGen.SeededRandom(7);
var inputs = new float[SampleCount * TestNet.InputSize];
var targets = new float[SampleCount * TestNet.OutputSize];
for (int s = 0; s < SampleCount; s++)
{
    float x = (float)(3 * random.NextDouble() - 1.5);
    float y = (float)(3 * random.NextDouble() - 1.5);
    inputs[2 * s] = x;
    inputs[2 * s + 1] = y;
    int label = x * x + y * y < 1 ? 1 : 0;
    targets[2 * s + label] = 1;
}

var net = new TestNet();
var gradient = new float[TestNet.ParameterCount];
const int BatchSize = 10;
const float LearningRate = 0.5f;
Console.WriteLine($"TestNet {TestNet.InputSize}-3-{TestNet.OutputSize}, {TestNet.ParameterCount} parameters: inside or outside the unit circle?");
for (int epoch = 1; epoch <= 2000; epoch++)
{
    float loss = 0;
    for (int s = 0; s < SampleCount; s++)
    {
        loss += net.Backward(inputs.AsSpan(2 * s, 2), targets.AsSpan(2 * s, 2), gradient);
        if ((s + 1) % BatchSize == 0)
        {
            net.Update(gradient, LearningRate, BatchSize);
        }
    }

    if (epoch == 1 || epoch % 250 == 0)
    {
        Console.WriteLine($"epoch {epoch,5}: loss J = {loss / SampleCount:F4}");
    }
}

int correct = 0;
Span<float> output = stackalloc float[TestNet.OutputSize];
for (int s = 0; s < SampleCount; s++)
{
    net.Forward(inputs.AsSpan(2 * s, 2), output);
    int predicted = output[1] > output[0] ? 1 : 0;
    if (targets[2 * s + predicted] == 1)
    {
        correct++;
    }
}

Console.WriteLine($"accuracy: {100.0 * correct / SampleCount:F1}% of {SampleCount} points");
