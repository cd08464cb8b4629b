using BpGen;
using UnityEngine;

namespace BpGenSamples
{
    /// <summary>
    /// Trains a small network when the scene starts, then uses it every frame.
    /// </summary>
    /// <remarks>
    /// Try it: create a Sphere (GameObject > 3D Object > Sphere), add this component to it and press
    /// Play. The Console shows how well the network learned; the sphere then moves along a path that
    /// crosses the unit circle around the origin, and every frame the network decides whether the
    /// sphere is inside: green inside, red outside, colors between where the network is unsure. Turn
    /// off Move Along Path and drag the sphere in the Scene view to probe the network yourself.
    /// </remarks>
    public sealed class CircleClassifier : MonoBehaviour
    {
        [Tooltip("Passes over the training points. More epochs take longer in Start and fit the circle better.")]
        [SerializeField]
        private int epochs = 500;

        [Tooltip("Move the GameObject along a path through the circle; turn off to move it yourself.")]
        [SerializeField]
        private bool moveAlongPath = true;

        private readonly CircleNet net = new CircleNet();

        // Forward reads its input from a span and writes its output to another. Arrays made once, here,
        // keep Update free of allocations, so the network adds no garbage collection to any frame.
        private readonly float[] input = new float[CircleNet.InputSize];
        private readonly float[] output = new float[CircleNet.OutputSize];

        private Renderer tinted;

        private void Start()
        {
            // 400 random points in the square from -1.5 to 1.5, labelled 1 inside the unit circle and 0
            // outside. The inputs lie one sample after another: x0, y0, x1, y1, ... SeededRandom gives
            // the same points on every machine, so every run trains the same network.
            const int Count = 400;
            var random = new SeededRandom(7);
            var points = new float[2 * Count];
            var labels = new int[Count];
            for (int s = 0; s < Count; s++)
            {
                float x = (float)random.NextUniform(1.5), y = (float)random.NextUniform(1.5);
                points[2 * s] = x;
                points[2 * s + 1] = y;
                labels[s] = x * x + y * y < 1 ? 1 : 0;
            }

            // Mini-batches of 10, plain gradient descent: 200,000 samples in all, well under a second
            // on a desktop, since each step is unrolled code with no loops and no allocations. A game
            // with a bigger network would train on a worker thread, or ship a network trained earlier
            // (SaveParameters) and load it here with LoadParameters.
            var data = DataSet<float>.WithLabels(points, labels);
            TrainingReport report = net.Train(data, new TrainingOptions { Epochs = epochs, BatchSize = 10, LearningRate = 0.5, Seed = 1 });
            Evaluation evaluation = net.Evaluate(data);
            Debug.Log($"CircleNet trained for {report.Epochs} epochs: {evaluation.Accuracy:P1} of its training points classified correctly.");

            TryGetComponent(out tinted);
        }

        private void Update()
        {
            if (moveAlongPath)
            {
                float t = Time.time;
                transform.position = new Vector3(1.4f * Mathf.Sin(0.9f * t), 1.4f * Mathf.Sin(0.6f * t), 0f);
            }

            Vector3 position = transform.position;
            input[0] = position.x;
            input[1] = position.y;
            net.Forward(input, output);

            // Softmax outputs sum to 1: output[1] is the network's probability that the point is inside.
            float inside = output[1];
            if (tinted != null)
            {
                tinted.material.color = Color.Lerp(Color.red, Color.green, inside);
            }
        }
    }
}
