"""Writes the ONNX models that OnnxRuntimeBenchmarks runs: the benchmark shapes with their activations
(sigmoid hidden layers and a softmax output; 8-16-4 tanh throughout; 12-24-24-6 ReLU and a softmax),
a dynamic batch axis, weights from a fixed seed (their values do not matter for speed).
Run with Debian's python3-torch: /usr/bin/python3 make_models.py"""
import torch

# (sizes, hidden activation, output: softmax or the hidden activation again)
SHAPES = [((2, 3, 2), torch.nn.Sigmoid, True), ((8, 16, 4), torch.nn.Tanh, False),
          ((12, 24, 24, 6), torch.nn.ReLU, True), ((16, 32, 32, 4), torch.nn.Sigmoid, True),
          ((64, 64, 10), torch.nn.Sigmoid, True)]

for sizes, activation, softmax in SHAPES:
    torch.manual_seed(1)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(n_in, n_out), activation()]
    if softmax:
        layers[-1] = torch.nn.Softmax(dim=1)
    model = torch.nn.Sequential(*layers).eval()
    name = "-".join(str(n) for n in sizes)
    torch.onnx.export(
        model, torch.zeros(1, sizes[0]), f"{name}.onnx",
        input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)
    print(f"{name}.onnx written with torch {torch.__version__}")
