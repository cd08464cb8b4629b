"""Writes the ONNX fixtures of tests/BpGen.Tests/Onnx and expected.json beside them.

Run from this folder: python3 make_fixtures.py (needs only PyTorch; the fixtures in the repository
were made with the torch version expected.json names). Every model is a small torch.nn.Sequential
with weights from a fixed seed. expected.json holds, for each valid model, the layer sizes, the
activations, whether it ends in a softmax, the parameters in BpGen's layout taken from the
state_dict (not from the ONNX file): layer after layer, W^l row-major (W^l[i,j] at
offset + i*n_(l-1) + j, which is torch's Linear.weight [out, in] as stored), then b^l; and the
outputs for fixed inputs, computed in float64 from those parameters: float32 ones widened, except
in the models built, exported and stored in float64 (model.double()), whose "elementType" is
"double" rather than "float". A model that
standardizes its input ((x - mean) / std before the first layer) or scales its output (y * std + mean
after the last) also has "inputScaling" or "outputScaling": the mean and standard deviation per
feature as BpGen reads them, the stored values in float64 (for a multiplication by 1/std,
std = 1 / factor in float64); its inputs are raw, its outputs those of the whole model. The invalid
models are listed with the text the reader's error must contain.
"""
import json
import torch
from torch import nn


class MatMulAdd(nn.Module):
    """A dense layer written as x @ W + b with W stored [in, out]: exports as MatMul then Add."""

    def __init__(self, n_in, n_out):
        super().__init__()
        linear = nn.Linear(n_in, n_out)  # same initialization as the Gemm models
        self.weight = nn.Parameter(linear.weight.detach().t().contiguous())
        self.bias = nn.Parameter(linear.bias.detach().clone())

    def forward(self, x):
        return x @ self.weight + self.bias

    def bpgen_weight(self):
        return self.weight.detach().t()


class Standardize(nn.Module):
    """(x - mean) / std, or inv_std * (x - mean) with the factor stored: exports as Sub then Div or Mul."""

    def __init__(self, mean, std, multiply=False):
        super().__init__()
        self.multiply = multiply
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("scale", 1 / torch.tensor(std) if multiply else torch.tensor(std))

    def forward(self, x):
        return self.scale * (x - self.mean) if self.multiply else (x - self.mean) / self.scale

    def bpgen_scaling(self):
        """What BpGen reads: the stored values in float64, std = 1 / factor when multiplying."""
        scale = self.scale.double()
        return {"mean": self.mean.double().tolist(), "deviation": (1 / scale if self.multiply else scale).tolist()}


class Unstandardize(nn.Module):
    """y * std + mean, the std optional: exports as Mul then Add."""

    def __init__(self, mean, std=None):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", None if std is None else torch.tensor(std))

    def forward(self, y):
        return (y if self.std is None else y * self.std) + self.mean

    def bpgen_scaling(self):
        std = torch.ones_like(self.mean) if self.std is None else self.std
        return {"mean": self.mean.double().tolist(), "deviation": std.double().tolist()}


class ConstantMinusData(nn.Module):
    """std - x: a Sub with the constant first, which is no standardization."""

    def __init__(self, std):
        super().__init__()
        self.register_buffer("std", torch.tensor(std))

    def forward(self, x):
        return self.std - x


class Residual(nn.Module):
    """x + f(x): a branching graph no dense network has."""

    def __init__(self, n):
        super().__init__()
        self.inner = nn.Linear(n, n)

    def forward(self, x):
        return x + self.inner(x)


def layers_of(model):
    return [m for m in model if isinstance(m, (nn.Linear, MatMulAdd))]


def bpgen_parameters(model):
    values = []
    for layer in layers_of(model):
        weight = layer.bpgen_weight() if isinstance(layer, MatMulAdd) else layer.weight.detach()
        values += weight.reshape(-1).tolist() + layer.bias.detach().tolist()
    return values


ACTIVATIONS = {nn.Sigmoid: "Sigmoid", nn.Tanh: "Tanh", nn.ReLU: "ReLU", nn.LeakyReLU: "LeakyReLU",
               nn.ELU: "ELU", nn.Softplus: "Softplus"}


def describe(model):
    """Sizes, the activation after each layer (Identity where none), and a final softmax."""
    sizes, activations, softmax = [], [], False
    for m in model:
        if isinstance(m, (nn.Linear, MatMulAdd)):
            weight = m.bpgen_weight() if isinstance(m, MatMulAdd) else m.weight
            if not sizes:
                sizes.append(weight.shape[1])
            sizes.append(weight.shape[0])
            activations.append("Identity")
        elif type(m) in ACTIVATIONS:
            activations[-1] = ACTIVATIONS[type(m)]
        elif isinstance(m, nn.Softmax):
            softmax = True
    return sizes, activations, softmax


def scalings(model):
    """The input and output scaling of a model that has them, as expected.json records them."""
    found = {}
    if isinstance(model[0], Standardize):
        found["inputScaling"] = model[0].bpgen_scaling()
    if isinstance(model[-1], Unstandardize):
        found["outputScaling"] = model[-1].bpgen_scaling()
    return found


def export(model, n_in, name, opset, dtype=torch.float32):
    model.eval()
    torch.onnx.export(model, torch.zeros(1, n_in, dtype=dtype), name + ".onnx", opset_version=opset,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})


def valid(name, opset, seed, build, n_in, dtype=torch.float32):
    """A model built, exported and fed in dtype: float32, or float64 for a model.double() whose values
    use all of float64's bits (it is built with float64 as the default type, so nothing is a widened float)."""
    torch.manual_seed(seed)
    torch.set_default_dtype(dtype)
    try:
        model = build()
    finally:
        torch.set_default_dtype(torch.float32)
    export(model, n_in, name, opset, dtype)
    inputs = (torch.rand(4, n_in, generator=torch.Generator().manual_seed(seed + 1000), dtype=dtype) * 4 - 2)
    if isinstance(model[0], Standardize):  # raw inputs around the mean, two deviations either side
        inputs = model[0].mean + inputs * torch.tensor(model[0].bpgen_scaling()["deviation"], dtype=dtype)
    with torch.no_grad():
        outputs = model.double()(inputs.double())
    sizes, activations, softmax = describe(model)
    return {"file": name + ".onnx", "opset": opset, "elementType": "double" if dtype == torch.float64 else "float",
            "sizes": sizes, "activations": activations,
            "endsWithSoftmax": softmax, "parameters": bpgen_parameters(model),
            "inputs": inputs.double().tolist(), "outputs": outputs.tolist(), **scalings(model)}


def invalid(name, opset, seed, build, n_in, error):
    torch.manual_seed(seed)
    export(build(), n_in, name, opset)
    return {"file": name + ".onnx", "error": error}


def infinite_weight():
    model = nn.Sequential(nn.Linear(3, 2))
    with torch.no_grad():
        model[0].weight[1, 2] = float("inf")
    return model


def regression(n_in, hidden, n_out, seed):
    """Input scaling, Linear-ReLU-Linear, output scaling: a regression network trained on standardized data."""
    g = torch.Generator().manual_seed(seed)
    return nn.Sequential(Standardize((torch.randn(n_in, generator=g) * 10).tolist(), (torch.rand(n_in, generator=g) * 5 + 0.1).tolist()),
                         nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, n_out),
                         Unstandardize((torch.randn(n_out, generator=g) * 100).tolist(), (torch.rand(n_out, generator=g) * 20 + 1).tolist()))


VALID = [
    valid("testnet_2_3_2_sigmoid_softmax", 14, 1,
          lambda: nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 2), nn.Softmax(dim=-1)), 2),
    valid("iris_4_8_3_tanh_opset9", 9, 2,
          lambda: nn.Sequential(nn.Flatten(), nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3)), 4),
    valid("relu_16_32_32_4_softmax_opset17", 17, 3,
          lambda: nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 4),
                                nn.Softmax(dim=1)), 16),
    valid("mixed_5_6_6_6_2_leaky_elu_softplus_opset13", 13, 4,
          lambda: nn.Sequential(nn.Linear(5, 6), nn.LeakyReLU(0.01), nn.Linear(6, 6), nn.ELU(), nn.Linear(6, 6),
                                nn.Softplus(), nn.Linear(6, 2)), 5),
    valid("sigmoid_output_3_4_1_opset11", 11, 5,
          lambda: nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1), nn.Sigmoid()), 3),
    valid("matmul_add_4_5_3_relu_softmax", 14, 6,
          lambda: nn.Sequential(MatMulAdd(4, 5), nn.ReLU(), MatMulAdd(5, 3), nn.Softmax(dim=-1)), 4),
    valid("scaled_input_sub_div_3_5_2", 14, 13,
          lambda: nn.Sequential(Standardize([5.1, -3.7, 120.25], [0.35, 2.2, 41.7]), nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2)), 3),
    valid("scaled_input_sub_mul_4_6_3_softmax_opset11", 11, 14,
          lambda: nn.Sequential(Standardize([0.3, 1000.0, -42.0, 7.5], [0.1, 300.0, 3.3, 0.7], multiply=True),
                                nn.Linear(4, 6), nn.Sigmoid(), nn.Linear(6, 3), nn.Softmax(dim=-1)), 4),
    valid("regression_scaled_3_8_2_opset17", 17, 15, lambda: regression(3, 8, 2, 15), 3),
    valid("matmul_add_scaled_output_4_5_2", 14, 16,
          lambda: nn.Sequential(MatMulAdd(4, 5), nn.Tanh(), MatMulAdd(5, 2), Unstandardize([250.0, -0.125])), 4),
    valid("float64_3_5_2_tanh_scaled_output", 14, 22,
          lambda: nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2), Unstandardize([0.1, -1e3 / 3], [1 / 7, 2.0 / 3])), 3,
          torch.float64),
    valid("float64_4_6_3_sigmoid_softmax_opset13", 13, 23,
          lambda: nn.Sequential(Standardize([0.1, 50.0 / 3, -4.2, 1e-3], [1 / 3, 2.5, 0.7, 1e-4]), nn.Linear(4, 6), nn.Sigmoid(),
                                nn.Linear(6, 3), nn.Softmax(dim=-1)), 4, torch.float64),
]

INVALID = [
    invalid("error_selu", 14, 7, lambda: nn.Sequential(nn.Linear(3, 4), nn.SELU(), nn.Linear(4, 2)), 3,
            "(Selu): a BpGen network has only Gemm, MatMul"),
    invalid("error_leaky_alpha", 14, 8, lambda: nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.2), nn.Linear(4, 2)), 3,
            "has alpha 0.2; BpGen's LeakyReLU has alpha 0.01"),
    invalid("error_elu_alpha", 14, 9, lambda: nn.Sequential(nn.Linear(3, 4), nn.ELU(0.5), nn.Linear(4, 2)), 3,
            "has alpha 0.5; BpGen's ELU has alpha 1"),
    invalid("error_residual_branch", 14, 10, lambda: nn.Sequential(Residual(3), nn.Linear(3, 2)), 3, "feeds 2 nodes"),
    invalid("error_infinite_weight", 14, 11, infinite_weight, 3, "is +infinity; every weight and bias must be finite"),
    invalid("error_softmax_first_axis", 14, 12, lambda: nn.Sequential(nn.Linear(3, 2), nn.Softmax(dim=0)), 3, "axis 0"),
    invalid("error_scaling_divides_by_zero", 14, 17,
            lambda: nn.Sequential(Standardize([1.0, 2.0, 3.0], [0.5, 0.0, 2.0]), nn.Linear(3, 2)), 3,
            "(node '/0/Div' (Div), tensor '0.scale'): element 1 is 0; a standardization divides by a standard deviation > 0"),
    invalid("error_scaling_constant_minus_data", 14, 18,
            lambda: nn.Sequential(ConstantMinusData([1.0, 2.0, 3.0]), nn.Linear(3, 2)), 3,
            "Node '/0/Sub' (Sub) subtracts the data 'input' from tensor '0.std' (c − x); a standardization subtracts the mean from the data"),
    invalid("error_scaling_between_layers", 14, 19,
            lambda: nn.Sequential(nn.Linear(3, 4), Unstandardize([0.5, 0.5, 0.5, 0.5], [2.0, 2.0, 2.0, 2.0]), nn.Linear(4, 2)), 3,
            "Node '/1/Mul' (Mul) is followed by node '/2/Gemm' (Gemm); scaling stands only before the first layer"),
    invalid("error_scaling_after_softmax", 14, 20,
            lambda: nn.Sequential(nn.Linear(3, 2), nn.Softmax(dim=-1), Unstandardize([1.0, 2.0], [3.0, 4.0])), 3,
            "Node '/2/Mul' (Mul) follows the final node '/1/Softmax' (Softmax); scaling after the last layer belongs to a regression"),
    invalid("error_scaling_wrong_length", 14, 21,
            lambda: nn.Sequential(nn.Linear(3, 1), Unstandardize([10.0, 20.0], [2.0, 4.0])), 3,
            "(node '/1/Add' (Add), tensor '1.mean'): its shape is [2]; the output layer has 1 neuron and the data 2 axes, so expected [1], [1, 1]"),
]

with open("expected.json", "w") as f:
    json.dump({"torch": torch.__version__, "valid": VALID, "invalid": INVALID}, f, separators=(",", ":"))
print("made", len(VALID) + len(INVALID), "fixtures with torch", torch.__version__)
