"""Trains the sample's digits GRU in PyTorch and exports it to ONNX: Models/digits-gru.onnx, with
torch's test accuracy and the logits of the first five test digits in Models/digits-gru-torch.json.

The network and data are those of `dotnet run --project src/BpGen.Sample -- sequence`: each digit read
as 8 steps of 8 grey levels scaled to [0, 1], nn.GRU(8, 32) with a Linear(32, 10) head on the last
step, cross-entropy, Adam (lr 0.01), batches of 32, gradients clipped to norm 1, 60 epochs, on the
sample's seeded 70/30 split (BpGen's DataSplit.Indices with seed 1, reproduced below). The sample
compiles the exported file in with Weights = "Models/digits-gru.onnx" and prints its test accuracy
beside the GRU BpGen trains. Run with Debian's python3-torch (torch 1.13):

    /usr/bin/python3 src/BpGen.Sample/Models/train_digits_gru.py
"""
import gzip
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
MASK = (1 << 64) - 1


class SeededRandom:
    """BpGen's SeededRandom (SplitMix64), so the split is the sample's."""

    def __init__(self, seed):
        self.state = (seed * 0xD1B54A32D192ED03 + 0x8CB92BA72F3D8DD7) & MASK

    def next_uint64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_int(self, max_exclusive):
        return ((self.next_uint64() >> 32) * max_exclusive) >> 32

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.next_int(i + 1)
            items[i], items[j] = items[j], items[i]


def split(count, test_fraction, seed):
    """DataSplit.Indices: a seeded shuffle, the first part (rounded half away from zero) for testing."""
    order = list(range(count))
    SeededRandom(seed).shuffle(order)
    test_count = int(count * test_fraction + 0.5)
    return sorted(order[test_count:]), sorted(order[:test_count])


class DigitsGru(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(8, 32, batch_first=True)
        self.head = nn.Linear(32, 10)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(out[:, -1])


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    with gzip.open(os.path.join(HERE, "..", "Data", "digits.csv.gz"), "rt") as f:
        rows = [[float(v) for v in line.split(",")] for line in f if line.strip()]
    pixels = torch.tensor([row[:64] for row in rows]).reshape(-1, 8, 8) / 16
    labels = torch.tensor([int(row[64]) for row in rows])
    train, test = split(len(rows), 0.3, 1)
    train_x, train_y, test_x, test_y = pixels[train], labels[train], pixels[test], labels[test]

    net = DigitsGru()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    loss_function = nn.CrossEntropyLoss()
    for _ in range(60):
        order = torch.randperm(len(train))
        for start in range(0, len(train), 32):
            batch = order[start:start + 32]
            optimizer.zero_grad()
            loss_function(net(train_x[batch]), train_y[batch]).backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()

    net.eval()
    with torch.no_grad():
        logits = net(test_x)
    right = int((logits.argmax(1) == test_y).sum().item())
    print(f"torch {torch.__version__}: test accuracy {right / len(test):.4f} on {len(test)} digits")
    with open(os.path.join(HERE, "digits-gru-torch.json"), "w") as f:
        json.dump({"torch": torch.__version__, "testDigits": len(test), "right": right,
                   "firstTestLogits": logits[:5].tolist()}, f)
    torch.onnx.export(net, train_x[:1], os.path.join(HERE, "digits-gru.onnx"),
                      input_names=["pixels"], output_names=["logits"], opset_version=14,
                      dynamic_axes={"pixels": {0: "batch"}, "logits": {0: "batch"}})


if __name__ == "__main__":
    main()
