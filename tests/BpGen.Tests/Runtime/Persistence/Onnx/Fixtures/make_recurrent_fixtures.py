"""Writes the recurrent ONNX fixtures (recurrent_*.onnx, error_recurrent_*.onnx) and recurrent_expected.json.

Run from this folder with the Python that has torch 1.13 and onnx: python3 make_recurrent_fixtures.py.
Every valid model is an nn.GRU or nn.LSTM (1 to 3 layers, batch_first or not, with or without bias),
maybe a Linear + Tanh before it, a Linear head on every step or on the last one (out[:, -1]), maybe a
Linear + ReLU between, maybe a final softmax or sigmoid, exported by torch.onnx.export with a dynamic
batch and sequence length (one model with fixed shapes). recurrent_expected.json holds, for each:
  "attribute": the [Network(...)] arguments of the BpGen network of the same layers,
  "parameters": torch's state_dict in BpGen's layout, as float32 values written shortest (layer after layer: a Linear's weight [out, in]
      row-major, then its bias; a recurrent layer's weight_ih, weight_hh, bias_ih, bias_hh, gates in
      PyTorch's order, zeros for the biases of a layer without them),
  "inputs": one sequence of T steps (float32 values, written shortest), "outputs": torch's outputs for it, computed in
      float64 from the same (float32) weights: every step's, or only the last step's ("lastStep").
The invalid models are exports edited with onnx to hold what BpGen refuses; the tests name the error.
"""
import json

import numpy
import onnx
import torch
from onnx import helper, numpy_helper
from torch import nn

STEPS = 5
FIXTURES = []


class Sequence(nn.Module):
    """[(x − μ) / σ] → [pre Linear + Tanh] → GRU/LSTM → [a second GRU/LSTM module] → [mid Linear + ReLU] → head Linear
    → [softmax | sigmoid | y·σ + μ], per step or on the last; then = (kind, hidden) is the second module, as a GRU → LSTM
    stack must be written in PyTorch; scale_in and scale_out add the standardizations, as buffers a forward applies;
    last_after_head takes the last step after the head and its scaling rather than before the head; keepdim shapes
    the input scaling [1, 1, n] rather than [n]."""

    def __init__(self, kind, n_in, hidden, layers, n_out, batch_first=False, bias=True, last_step=False,
                 pre=None, then=None, mid=None, mid_after_last=False, end=None, scale_in=False, scale_out=False, last_after_head=False,
                 keepdim=False):
        super().__init__()
        self.scale_in, self.scale_out = scale_in, scale_out
        if scale_in:
            shape = (1, 1, n_in) if keepdim else (n_in,)  # as x.mean(dim=(0, 1), keepdim=True) keeps it
            self.register_buffer("in_mean", (torch.randn(n_in) * 3).reshape(shape))
            self.register_buffer("in_std", (torch.rand(n_in) * 2 + 0.5).reshape(shape))
        if scale_out:
            self.register_buffer("out_std", torch.rand(n_out) * 4 + 0.5)
            self.register_buffer("out_mean", torch.randn(n_out) * 10)
        self.pre = nn.Linear(n_in, pre) if pre else None
        self.rnn = (nn.GRU if kind == "Gru" else nn.LSTM)(pre or n_in, hidden, num_layers=layers, batch_first=batch_first, bias=bias)
        self.then = then
        self.rnn2 = (nn.GRU if then[0] == "Gru" else nn.LSTM)(hidden, then[1], batch_first=batch_first, bias=bias) if then else None
        top = then[1] if then else hidden
        self.mid = nn.Linear(top, mid) if mid else None
        self.head = nn.Linear(mid or top, n_out)
        self.kind, self.layers, self.batch_first, self.last_step = kind, layers, batch_first, last_step
        self.mid_after_last, self.end, self.last_after_head = mid_after_last, end, last_after_head

    def forward(self, x):
        if self.scale_in:
            x = (x - self.in_mean) / self.in_std
        if self.pre is not None:
            x = torch.tanh(self.pre(x))
        y, _ = self.rnn(x)
        if self.rnn2 is not None:
            y, _ = self.rnn2(y)
        if self.mid is not None and not self.mid_after_last:
            y = torch.relu(self.mid(y))
        if self.last_step and not self.last_after_head:
            y = y[:, -1] if self.batch_first else y[-1]
        if self.mid is not None and self.mid_after_last:
            y = torch.relu(self.mid(y))
        y = self.head(y)
        if self.scale_out:
            y = y * self.out_std + self.out_mean
        if self.last_step and self.last_after_head:
            y = y[:, -1] if self.batch_first else y[-1]
        if self.scale_out:
            return y
        return torch.softmax(y, -1) if self.end == "softmax" else torch.sigmoid(y) if self.end == "sigmoid" else y

    def bpgen_parameters(self):
        values = []
        if self.pre is not None:
            values += linear_values(self.pre)
        for rnn in [self.rnn] + ([self.rnn2] if self.rnn2 is not None else []):
            for k in range(rnn.num_layers):
                rows = getattr(rnn, f"weight_ih_l{k}").shape[0]
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    tensor = getattr(rnn, f"{name}_l{k}", None)
                    values += (torch.zeros(rows) if tensor is None else tensor.detach()).double().flatten().tolist()
        if self.mid is not None:
            values += linear_values(self.mid)
        return values + linear_values(self.head)

    def bpgen_attribute(self):
        n_in = self.pre.in_features if self.pre is not None else self.rnn.input_size
        sizes = [n_in] + ([self.pre.out_features] if self.pre is not None else []) + [self.rnn.hidden_size] * self.layers
        kinds = (["Dense"] if self.pre is not None else []) + [self.kind] * self.layers
        activations = (["Tanh"] if self.pre is not None else []) + ["Tanh"] * self.layers
        if self.then is not None:
            sizes.append(self.then[1])
            kinds.append(self.then[0])
            activations.append("Tanh")
        if self.mid is not None:
            sizes.append(self.mid.out_features)
            kinds.append("Dense")
            activations.append("ReLU")
        sizes.append(self.head.out_features)
        output, loss = {"softmax": ("Identity", "SoftmaxCrossEntropy"), "sigmoid": ("Sigmoid", "BinaryCrossEntropy")}.get(self.end, ("Identity", "MeanSquaredError"))
        return (f"new[] {{ {', '.join(map(str, sizes))} }}, Activation.{output}, Loss.{loss}, "
                f"HiddenLayers = new[] {{ {', '.join('Layer.' + k for k in kinds)} }}, "
                f"HiddenActivations = new[] {{ {', '.join('Activation.' + a for a in activations)} }}")


def shortest(values):
    """float32 values as the shortest decimals that read back as them (float.Parse), to keep the file small."""
    return [float(repr(numpy.float32(v))) for v in values]


def linear_values(linear):
    return linear.weight.detach().double().flatten().tolist() + linear.bias.detach().double().flatten().tolist()


def export(model, name, n_in, opset=14, dynamic=True):
    x = torch.zeros(1, STEPS, n_in) if model.batch_first else torch.zeros(STEPS, 1, n_in)
    axes = {"x": {0: "batch", 1: "seq"} if model.batch_first else {0: "seq", 1: "batch"}} if dynamic else None
    torch.onnx.export(model, x, name, input_names=["x"], output_names=["y"], opset_version=opset, dynamic_axes=axes)


def valid(name, seed, n_in, opset=14, dynamic=True, **shape):
    torch.manual_seed(seed)
    model = Sequence(n_in=n_in, **shape).eval()
    export(model, name + ".onnx", n_in, opset, dynamic)
    inputs = torch.randn(STEPS, n_in)  # float32 values, exact in double
    if model.scale_in:
        inputs = (inputs * model.in_std.flatten() + model.in_mean.flatten()).float()  # raw values around the scaling's mean
    with torch.no_grad():
        x = inputs.double().unsqueeze(0 if model.batch_first else 1)
        outputs = model.double()(x).squeeze(0 if model.batch_first or model.last_step else 1)
    fixture = {
        "file": name + ".onnx",
        "attribute": model.bpgen_attribute(),
        "lastStep": model.last_step,
        "parameters": shortest(model.bpgen_parameters()),
        "inputs": [shortest(step) for step in inputs.tolist()],
        "outputs": outputs.reshape(-1, model.head.out_features).tolist(),
    }
    if model.scale_in:
        fixture["inputScaling"] = {"mean": shortest(model.in_mean.float().flatten().tolist()), "deviation": shortest(model.in_std.float().flatten().tolist())}
    if model.scale_out:
        fixture["outputScaling"] = {"mean": shortest(model.out_mean.float().tolist()), "deviation": shortest(model.out_std.float().tolist())}
    FIXTURES.append(fixture)


def edited(name, seed, kind, edit, batch_first=False, **shape):
    """An export of a one-layer network with its recurrent node (and graph) changed by edit."""
    torch.manual_seed(seed)
    model = Sequence(kind, 3, 4, 1, 2, batch_first=batch_first, **shape).eval()
    export(model, name + ".onnx", 3)
    proto = onnx.load(name + ".onnx")
    node = next(n for n in proto.graph.node if n.op_type == kind.upper())
    edit(proto.graph, node)
    onnx.save(proto, name + ".onnx")


def set_attribute(node, name, value):
    remove_attribute(node, name)
    node.attribute.append(helper.make_attribute(name, value))


def remove_attribute(node, name):
    for attribute in [a for a in node.attribute if a.name == name]:
        node.attribute.remove(attribute)


def first(graph, op_type, after=None):
    """The first node of op_type in the graph, or after the node after."""
    nodes = list(graph.node)
    start = nodes.index(after) + 1 if after is not None else 0
    return next(n for n in nodes[start:] if n.op_type == op_type)


def set_constant(graph, name, tensor):
    """Gives the Constant node that writes name another value."""
    node = next(n for n in graph.node if n.op_type == "Constant" and n.output[0] == name)
    set_attribute(node, "value", numpy_helper.from_array(tensor.numpy()))


def set_input(graph, node, slot, name, tensor):
    graph.initializer.append(numpy_helper.from_array(tensor.numpy(), name))
    while len(node.input) <= slot:
        node.input.append("")
    node.input[slot] = name


valid("recurrent_gru_4_8_3_every_step", 1, 4, kind="Gru", hidden=8, layers=1, n_out=3)
valid("recurrent_gru_3_6_2_batch_first_last_step", 2, 3, kind="Gru", hidden=6, layers=1, n_out=2, batch_first=True, last_step=True)
valid("recurrent_lstm_4_5_3_batch_first_every_step", 3, 4, kind="Lstm", hidden=5, layers=1, n_out=3, batch_first=True)
valid("recurrent_lstm_3_7_2_last_step", 4, 3, kind="Lstm", hidden=7, layers=1, n_out=2, last_step=True)
valid("recurrent_gru2_4_8_8_3_batch_first_last_step", 5, 4, kind="Gru", hidden=8, layers=2, n_out=3, batch_first=True, last_step=True)
valid("recurrent_lstm2_3_6_6_2_every_step", 6, 3, kind="Lstm", hidden=6, layers=2, n_out=2)
valid("recurrent_lstm3_2_4_4_4_2_batch_first_every_step", 7, 2, kind="Lstm", hidden=4, layers=3, n_out=2, batch_first=True)
valid("recurrent_gru_5_28_4_batch_first_last_step_large", 8, 5, kind="Gru", hidden=28, layers=1, n_out=4, batch_first=True, last_step=True)
valid("recurrent_lstm_3_24_3_every_step_large", 9, 3, kind="Lstm", hidden=24, layers=1, n_out=3)
valid("recurrent_dense_lstm_4_5_6_3_batch_first_every_step", 10, 4, kind="Lstm", hidden=6, layers=1, n_out=3, batch_first=True, pre=5)
valid("recurrent_gru_no_bias_3_5_2_every_step", 11, 3, kind="Gru", hidden=5, layers=1, n_out=2, bias=False)
valid("recurrent_lstm2_no_bias_3_4_4_2_last_step", 12, 3, kind="Lstm", hidden=4, layers=2, n_out=2, bias=False, last_step=True)
valid("recurrent_lstm_4_6_3_softmax_last_step", 13, 4, kind="Lstm", hidden=6, layers=1, n_out=3, last_step=True, end="softmax")
valid("recurrent_gru_4_6_3_batch_first_softmax_every_step", 14, 4, kind="Gru", hidden=6, layers=1, n_out=3, batch_first=True, end="softmax")
valid("recurrent_gru_3_5_4_2_relu_sigmoid_every_step", 15, 3, kind="Gru", hidden=5, layers=1, n_out=2, mid=4, end="sigmoid")
valid("recurrent_lstm_3_5_4_2_last_step_then_relu", 16, 3, kind="Lstm", hidden=5, layers=1, n_out=2, batch_first=True, last_step=True, mid=4, mid_after_last=True)
valid("recurrent_gru2_3_4_4_2_batch_first_last_step_opset9", 17, 3, opset=9, kind="Gru", hidden=4, layers=2, n_out=2, batch_first=True, last_step=True)
valid("recurrent_lstm2_3_5_5_2_batch_first_last_step_fixed_shape", 18, 3, dynamic=False, kind="Lstm", hidden=5, layers=2, n_out=2, batch_first=True, last_step=True)
valid("recurrent_gru_then_lstm_2_8_6_2_batch_first_every_step", 19, 2, kind="Gru", hidden=8, layers=1, n_out=2, batch_first=True, then=("Lstm", 6))
valid("recurrent_scaled_gru_3_6_2_batch_first_every_step", 36, 3, kind="Gru", hidden=6, layers=1, n_out=2, batch_first=True,
      scale_in=True, scale_out=True)
valid("recurrent_scaled_lstm_4_20_3_last_step_large", 37, 4, kind="Lstm", hidden=20, layers=1, n_out=3, last_step=True, scale_in=True,
      keepdim=True)
valid("recurrent_scaled_gru_3_5_2_batch_first_scaled_then_last_step", 38, 3, kind="Gru", hidden=5, layers=1, n_out=2, batch_first=True,
      last_step=True, last_after_head=True, scale_in=True, scale_out=True)

edited("error_recurrent_gru_linear_before_reset_0", 20, "Gru", lambda g, n: set_attribute(n, "linear_before_reset", 0))
edited("error_recurrent_gru_linear_before_reset_missing", 21, "Gru", lambda g, n: remove_attribute(n, "linear_before_reset"))
edited("error_recurrent_gru_clip", 22, "Gru", lambda g, n: set_attribute(n, "clip", 3.0))
edited("error_recurrent_lstm_activations", 23, "Lstm", lambda g, n: set_attribute(n, "activations", ["Sigmoid", "Relu", "Tanh"]))
edited("error_recurrent_lstm_activation_alpha", 24, "Lstm", lambda g, n: set_attribute(n, "activation_alpha", [0.5, 1.0, 1.0]))
edited("error_recurrent_lstm_peepholes", 25, "Lstm", lambda g, n: set_input(g, n, 7, "P", torch.zeros(1, 12)))
edited("error_recurrent_lstm_input_forget", 26, "Lstm", lambda g, n: set_attribute(n, "input_forget", 1))
edited("error_recurrent_gru_layout_1", 27, "Gru", lambda g, n: set_attribute(n, "layout", 1))
edited("error_recurrent_gru_hidden_size", 28, "Gru", lambda g, n: set_attribute(n, "hidden_size", 5))
edited("error_recurrent_gru_initial_h", 29, "Gru", lambda g, n: set_input(g, n, 5, "h0", torch.full((1, 1, 4), 0.5)))
edited("error_recurrent_lstm_sequence_lens", 30, "Lstm", lambda g, n: set_input(g, n, 4, "lengths", torch.full((1,), STEPS, dtype=torch.int32)))
edited("error_recurrent_transpose_features", 32, "Gru", lambda g, n: set_attribute(first(g, "Transpose"), "perm", [0, 2, 1]), batch_first=True)
edited("error_recurrent_squeeze_batch", 33, "Gru", lambda g, n: set_constant(g, first(g, "Squeeze").input[1], torch.tensor([2])))
edited("error_recurrent_state_shape_dangling", 34, "Gru", lambda g, n: first(g, "Concat").input.__setitem__(1, "nowhere"))
edited("error_recurrent_gather_batch", 34, "Lstm", lambda g, n: set_attribute(first(g, "Gather", after=n), "axis", 0), batch_first=True, last_step=True)


class Bidirectional(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 4, bidirectional=True)
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        return self.head(self.rnn(x)[0])


class FinalState(nn.Module):
    """The head on h_n, the final state, rather than on the output sequence."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 4)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.rnn(x)[1][-1])


class FirstStep(nn.Module):
    """The head on out[0], the first step, which BpGen's network never outputs alone."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(3, 4)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.rnn(x)[0][0])


class ReluOnState(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 4)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(torch.relu(self.rnn(x)[0]))


class StateInput(nn.Module):
    """h0 as a second input of the graph."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 4)
        self.head = nn.Linear(4, 2)

    def forward(self, x, h0):
        return self.head(self.rnn(x, h0)[0])


class ScaledState(nn.Module):
    """A scaling between the recurrent layer and the head, where no scaling stands."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 4)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.rnn(x)[0] * 2.0)


class ScaledByMoreAxes(nn.Module):
    """An output scaling of more axes than the outputs, which broadcasts them into a tensor of four axes."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 4)
        self.head = nn.Linear(4, 2)
        self.register_buffer("std", torch.tensor([2.0, 3.0]).reshape(1, 1, 1, 2))

    def forward(self, x):
        return (self.head(self.rnn(x)[0]) * self.std)[-1]


class NoHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 4)

    def forward(self, x):
        return self.rnn(x)[0]


for name, module in (("bidirectional", Bidirectional), ("final_state", FinalState),
                     ("first_step", FirstStep), ("relu_on_state", ReluOnState), ("no_head", NoHead),
                     ("scaling_between_layers", ScaledState), ("scaling_of_more_axes", ScaledByMoreAxes)):
    torch.manual_seed(31)
    model = module().eval()
    model.batch_first = False
    export(model, f"error_recurrent_{name}.onnx", 3)

torch.manual_seed(35)
torch.onnx.export(StateInput().eval(), (torch.zeros(STEPS, 1, 3), torch.zeros(1, 1, 4)), "error_recurrent_state_input.onnx",
                  input_names=["x", "h0"], output_names=["y"], opset_version=14)

with open("recurrent_expected.json", "w") as f:
    json.dump({"torch": torch.__version__, "valid": FIXTURES}, f, separators=(",", ":"))
