"""PyTorch's training speed for the sample's digits GRU, for the comparison in docs/performance.md.

The same network as `dotnet run --project src/BpGen.Sample -- sequence`: nn.GRU(8, 32) read over 8
steps, a Linear(32, 10) head on the last step, cross-entropy, Adam (lr 0.01), batches of 32 from
1,258 sequences (the sample's training part; random values here, which cost the same), on one thread
(torch.set_num_threads(1)). Prints sequences per second over five epochs after one warm-up epoch.
Run with Debian's python3-torch: /usr/bin/python3 gru_digits_training_speed.py
"""
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(0)


class DigitsGru(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(8, 32, batch_first=True)
        self.head = nn.Linear(32, 10)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(out[:, -1])


SEQUENCES = 1258
net = DigitsGru()
optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
loss_function = nn.CrossEntropyLoss()
inputs = torch.rand(SEQUENCES, 8, 8)
labels = torch.randint(0, 10, (SEQUENCES,))


def epoch():
    order = torch.randperm(SEQUENCES)
    for start in range(0, SEQUENCES, 32):
        batch = order[start:start + 32]
        optimizer.zero_grad()
        loss_function(net(inputs[batch]), labels[batch]).backward()
        optimizer.step()


epoch()
EPOCHS = 5
began = time.perf_counter()
for _ in range(EPOCHS):
    epoch()
elapsed = time.perf_counter() - began
print(f"torch {torch.__version__}: {EPOCHS * SEQUENCES / elapsed:.0f} sequences per second")
