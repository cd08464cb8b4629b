"""Writes recurrent_expected.json: PyTorch's GRU and LSTM networks, their outputs, losses and gradients.

Run from this folder with a Python that has PyTorch: python3 make_recurrent_fixtures.py (the file in
the repository was made with the torch version it names). Every network is built in float64
(.double()) with weights from a fixed seed: optional nn.Linear layers with an activation, nn.GRU and
nn.LSTM modules (single, or num_layers=2, which are two BpGen layers), and an nn.Linear output layer
applied to the top layer's output at every step. Sequences are unbatched, (T, n0), and start from
zero states.

For each network the file holds:
  "name", "inputSize", "outputSize";
  "layers": the hidden layers in BpGen's terms, first first: {"kind": "Dense", "size": n,
      "activation": "Tanh"} or {"kind": "Gru" | "Lstm", "size": H};
  "outputActivation": f of the output layer (BpGen's Activation name; read for MeanSquaredError only,
      "Identity" for the other losses), "loss": BpGen's Loss name, "targets": "EveryStep" | "LastStep";
  "parameters": theta in BpGen's layout, which is the state_dict's order, each tensor flattened
      row-major: a Linear's weight (n_out x n_in) then bias; a GRU or LSTM layer's weight_ih_lk
      (3H or 4H x n_in; gate rows r, z, n or i, f, g, o), weight_hh_lk, bias_ih_lk, bias_hh_lk;
  "isWeight": for each parameter, whether it belongs to a weight tensor (decayed by L2) or a bias;
  "sequences": for each input sequence:
      "inputs" (T x n0), "targets" (T rows for EveryStep, the last step's one row for LastStep),
      "outputs" (T x nL: what BpGen's Forward returns at each step: f(z) for MSE, softmax(z) for
      SoftmaxCrossEntropy, sigmoid(z) for BinaryCrossEntropy),
      "finalState": the states after the last step, layer after layer (GRU: h; LSTM: h then c;
      dense layers: nothing),
      "loss": J, the mean over the targeted steps of BpGen's per-sample loss: 1/2 sum (f(z) - y)^2,
      -sum y log softmax(z), or sum of binary cross-entropies of sigmoid(z),
      "gradient": dJ/dtheta from torch.autograd, in the layout of "parameters".
"""
import json
import re
import torch
from torch import nn
import torch.nn.functional as F

ACTIVATIONS = {
    "Identity": nn.Identity,
    "Sigmoid": nn.Sigmoid,
    "Tanh": nn.Tanh,
    "ReLU": nn.ReLU,
    "LeakyReLU": lambda: nn.LeakyReLU(0.01),
    "Softplus": nn.Softplus,  # ln(1 + e^z) exactly while z < 20, as here
    "ELU": nn.ELU,
}


class Network(nn.Module):
    """body: ("Dense", size, activation) | ("Gru", size, num_layers) | ("Lstm", size, num_layers), then a Linear head."""

    def __init__(self, input_size, body, output_size):
        super().__init__()
        self.body = nn.ModuleList()
        n = input_size
        for kind, size, extra in body:
            if kind == "Dense":
                self.body.append(nn.Sequential(nn.Linear(n, size), ACTIVATIONS[extra]()))
            else:
                self.body.append((nn.GRU if kind == "Gru" else nn.LSTM)(n, size, num_layers=extra))
            n = size
        self.head = nn.Linear(n, output_size)

    def forward(self, x):
        """The logits z at every step, and the final states in BpGen's order."""
        state = []
        for module in self.body:
            if isinstance(module, nn.GRU):
                x, h = module(x)
                state += [h[k] for k in range(module.num_layers)]
            elif isinstance(module, nn.LSTM):
                x, (h, c) = module(x)
                for k in range(module.num_layers):
                    state += [h[k], c[k]]
            else:
                x = module(x)
        return self.head(x), torch.cat(state) if state else torch.zeros(0, dtype=x.dtype)


def bpgen_layers(body):
    layers = []
    for kind, size, extra in body:
        if kind == "Dense":
            layers.append({"kind": kind, "size": size, "activation": extra})
        else:
            layers += [{"kind": kind, "size": size}] * extra
    return layers


def output_and_losses(loss, output_activation, z, y):
    """What Forward returns at each step, and the per-sample loss of each row of z against y."""
    if loss == "SoftmaxCrossEntropy":
        return torch.softmax(z, -1), -(y * torch.log_softmax(z[-len(y):], -1)).sum(-1)
    if loss == "BinaryCrossEntropy":
        return torch.sigmoid(z), F.binary_cross_entropy_with_logits(z[-len(y):], y, reduction="none").sum(-1)
    a = ACTIVATIONS[output_activation]()(z)
    return a, 0.5 * ((a[-len(y):] - y) ** 2).sum(-1)


def random_targets(loss, rows, columns):
    if loss == "SoftmaxCrossEntropy":
        return torch.softmax(2 * torch.randn(rows, columns, dtype=torch.float64), -1)  # distributions, sum 1
    if loss == "BinaryCrossEntropy":
        return torch.rand(rows, columns, dtype=torch.float64)
    return torch.randn(rows, columns, dtype=torch.float64)


def make_case(seed, name, input_size, body, output_size, loss, targets, output_activation="Identity", lengths=(1, 4, 7)):
    torch.manual_seed(seed)
    model = Network(input_size, body, output_size).double()
    names = [n for n, _ in model.named_parameters()]
    assert names == list(model.state_dict().keys()), names
    parameters = list(model.parameters())
    sequences = []
    for length in lengths:
        x = torch.randn(length, input_size, dtype=torch.float64)
        y = random_targets(loss, length if targets == "EveryStep" else 1, output_size)
        z, state = model(x)
        outputs, losses = output_and_losses(loss, output_activation, z, y)
        j = losses.mean()
        gradient = torch.autograd.grad(j, parameters)
        sequences.append({
            "inputs": x.tolist(),
            "targets": y.tolist(),
            "outputs": outputs.tolist(),
            "finalState": state.tolist(),
            "loss": j.item(),
            "gradient": torch.cat([g.reshape(-1) for g in gradient]).tolist(),
        })
    return {
        "name": name,
        "inputSize": input_size,
        "layers": bpgen_layers(body),
        "outputSize": output_size,
        "outputActivation": output_activation,
        "loss": loss,
        "targets": targets,
        "parameters": torch.cat([p.detach().reshape(-1) for p in parameters]).tolist(),
        "isWeight": [n.rsplit(".", 1)[-1].startswith("weight") for n, p in model.named_parameters() for _ in range(p.numel())],
        "sequences": sequences,
    }


def main():
    cases = [
        make_case(1, "gru_mse_every_step", 3, [("Gru", 4, 1)], 2, "MeanSquaredError", "EveryStep"),
        make_case(2, "lstm_softmax_last_step", 3, [("Lstm", 5, 1)], 3, "SoftmaxCrossEntropy", "LastStep"),
        make_case(3, "gru2_softmax_every_step", 2, [("Gru", 4, 2)], 3, "SoftmaxCrossEntropy", "EveryStep"),
        make_case(4, "lstm2_mse_tanh_last_step", 3, [("Lstm", 3, 2)], 2, "MeanSquaredError", "LastStep", "Tanh"),
        make_case(5, "dense_gru_lstm_dense_bce_every_step", 3,
                  [("Dense", 4, "Tanh"), ("Gru", 5, 1), ("Lstm", 3, 1), ("Dense", 4, "ReLU")], 2, "BinaryCrossEntropy", "EveryStep"),
        make_case(6, "dense_lstm_dense_gru_mse_sigmoid_last_step", 2,
                  [("Dense", 3, "Sigmoid"), ("Lstm", 4, 1), ("Dense", 4, "Softplus"), ("Gru", 3, 1)], 2, "MeanSquaredError", "LastStep", "Sigmoid"),
        make_case(7, "lstm_gru2_leaky_elu_softmax_every_step", 4,
                  [("Lstm", 3, 1), ("Dense", 3, "LeakyReLU"), ("Gru", 3, 2), ("Dense", 3, "ELU")], 3, "SoftmaxCrossEntropy", "EveryStep"),
    ]
    text = json.dumps({"torch": torch.__version__, "cases": cases}, indent=1)
    # Each innermost list of numbers on one line: readable and a tenth of the lines.
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open("recurrent_expected.json", "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
