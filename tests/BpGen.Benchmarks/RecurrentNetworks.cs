namespace BpGen.Benchmarks;

// One recurrent layer of n units on n inputs, as RTNeural's published step timings measure it, with the
// smallest dense head (one output, no activation): n multiply-adds beside the layer's 3n·2n or 4n·2n.
[Network(8, 8, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })]
public partial class Gru8 { }

[Network(16, 16, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })]
public partial class Gru16 { }

[Network(32, 32, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })]
public partial class Gru32 { }

[Network(64, 64, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })]
public partial class Gru64 { }

[Network(8, 8, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm })]
public partial class Lstm8 { }

[Network(16, 16, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm })]
public partial class Lstm16 { }

[Network(32, 32, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm })]
public partial class Lstm32 { }

[Network(64, 64, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm })]
public partial class Lstm64 { }

// Around the unroll limit of recurrent networks (RecurrentUnrollBenchmarks); Gru8 and Lstm8 above serve as the 8-unit pair.
[Network(4, 4, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })]
public partial class SmallGru4 { }

[Network(6, 6, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })]
public partial class SmallGru6 { }

[Network(4, 4, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm })]
public partial class SmallLstm4 { }

[Network(6, 6, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm })]
public partial class SmallLstm6 { }
