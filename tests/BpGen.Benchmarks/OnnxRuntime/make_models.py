"""Writes the ONNX models that OnnxRuntimeBenchmarks runs: the benchmark shapes with sigmoid hidden
layers and a softmax output, a dynamic batch axis, weights from a fixed seed (their values do not
matter for speed). Run with Debian's python3-torch: /usr/bin/python3 make_models.py"""
import torch

SHAPES = [(2, 3, 2), (16, 32, 32, 4), (64, 64, 10)]

for sizes in SHAPES:
    torch.manual_seed(1)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.Sigmoid()]
    layers[-1] = torch.nn.Softmax(dim=1)
    model = torch.nn.Sequential(*layers).eval()
    name = "-".join(str(n) for n in sizes)
    torch.onnx.export(
        model, torch.zeros(1, sizes[0]), f"{name}.onnx",
        input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)
    print(f"{name}.onnx written with torch {torch.__version__}")
