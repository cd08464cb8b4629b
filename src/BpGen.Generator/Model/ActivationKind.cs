namespace BpGen.Generator.Model;

/// <summary>
/// Mirrors <c>BpGen.Activation</c> value for value: the generator reads the attribute's numbers and
/// cannot load the attribute assembly itself.
/// </summary>
internal enum ActivationKind
{
    Identity = 0,
    Sigmoid = 1,
    Tanh = 2,
    ReLU = 3,
    LeakyReLU = 4,
    Softplus = 5,
    ELU = 6,
}
