namespace BpGen.Tests.Reference;

/// <summary>
/// The recurrent reference computes what PyTorch's nn.GRU, nn.LSTM and nn.Linear computed in float64
/// (Fixtures/recurrent_expected.json): outputs at every step, final states, the loss and its gradient,
/// with θ in the same layout. Only summation order differs, so the tolerance is a few ulps' worth.
/// </summary>
public class ReferenceRecurrentTorchTests
{
    private const double Tolerance = 1e-10;

    [Theory]
    [MemberData(nameof(RecurrentFixtures.Names), MemberType = typeof(RecurrentFixtures))]
    public void Outputs_at_every_step_match_torch(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Fixture(name);
        ReferenceRecurrent reference = fixture.Reference();
        foreach (RecurrentSequence sequence in fixture.Sequences)
        {
            double[][] outputs = reference.ForwardSequence(sequence.Inputs);
            Assert.Equal(sequence.Outputs.Length, outputs.Length);
            for (int t = 0; t < outputs.Length; t++)
            {
                Close.All(sequence.Outputs[t], outputs[t], Tolerance, $"{name}, T = {outputs.Length}, output at step {t}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(RecurrentFixtures.Names), MemberType = typeof(RecurrentFixtures))]
    public void Steps_carry_the_state_torch_ends_with(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Fixture(name);
        ReferenceRecurrent reference = fixture.Reference();
        foreach (RecurrentSequence sequence in fixture.Sequences)
        {
            double[] state = reference.InitialState();
            foreach (double[] input in sequence.Inputs)
            {
                state = reference.Step(input, state).State;
            }

            Close.All(sequence.FinalState, state, Tolerance, $"{name}, T = {sequence.Inputs.Length}, final state");
        }
    }

    [Theory]
    [MemberData(nameof(RecurrentFixtures.Names), MemberType = typeof(RecurrentFixtures))]
    public void Loss_and_gradient_match_torch(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Fixture(name);
        ReferenceRecurrent reference = fixture.Reference();
        foreach (RecurrentSequence sequence in fixture.Sequences)
        {
            string what = $"{name}, T = {sequence.Inputs.Length}";
            double loss = reference.Loss(sequence.Inputs, sequence.Targets, fixture.Targets);
            Assert.True(Math.Abs(loss - sequence.Loss) <= Tolerance * Math.Abs(sequence.Loss), $"{what}: J expected {sequence.Loss:R}, found {loss:R}");
            Close.All(sequence.Gradient, reference.Gradient(sequence.Inputs, sequence.Targets, fixture.Targets), Tolerance, $"{what}: ∂J/∂θ");
        }
    }

    [Theory]
    [MemberData(nameof(RecurrentFixtures.Names), MemberType = typeof(RecurrentFixtures))]
    public void Weights_are_torch_weight_tensors_and_biases_its_bias_tensors(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Fixture(name);
        ReferenceRecurrent reference = fixture.Reference();
        Assert.Equal(fixture.IsWeight, Enumerable.Range(0, reference.Parameters.Length).Select(reference.IsWeight).ToArray());
    }
}
