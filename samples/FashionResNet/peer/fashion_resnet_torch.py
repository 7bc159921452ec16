"""The PyTorch peer of samples/FashionResNet: the same network, data, augmentation, initialisation, optimizer, batch
size and epochs, trained on the same Fashion-MNIST IDX files, printing its test accuracy and speed in the sample's
format so that peer/compare.sh can put the two lines side by side.

What is matched, and how:
- Layout: NeuralDsl is channels last (NHWC, as Keras); PyTorch convolutions are channels first (NCHW). The layer sizes
  and parameter counts are the same (the summary's total, 78,138, is printed for comparison).
- Keras's "same" padding pads a stride-2 window on an even size at the bottom / right only (28 -> 14 pads 0 above, 1
  below); PyTorch's padding=1 would pad both sides and shift every window by a pixel, so stride-2 convolutions pad
  explicitly as Keras does.
- BatchNormalization: Keras's momentum 0.99 is PyTorch's momentum 0.01 (the weight of the new batch), epsilon 1e-3.
- Initialisation: Keras's glorot_uniform kernels and zero biases (PyTorch's default is kaiming_uniform(a=sqrt(5))).
- Adam as Keras: learning rate 1e-3 (1e-4 for the last quarter of the epochs, as the sample's schedule), betas 0.9 / 0.999, epsilon 1e-7.
- Augmentation, training only, per image: a horizontal flip with probability 1/2 (torchvision's RandomHorizontalFlip),
  then a shift of up to 10 % of the height and width, drawn uniformly, sampled at the nearest pixel and filled with 0
  (Keras's RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest"); torchvision's
  RandomAffine(0, translate=(0.1, 0.1)) draws the same shifts rounded to whole pixels, but transforms a batch tensor
  with one draw for all its images, so the per-image version is written with affine_grid / grid_sample).
- Random streams differ (weights, shuffling, augmentation), so accuracies agree to run-to-run noise, not to the bit.

usage: fashion_resnet_torch.py [--epochs N] [--batch-size N] [--train-rows N] [--threads N] [--data DIR]"""
import argparse, gzip, os, statistics, struct, time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def read_idx(path):
    """An IDX file (MNIST format, raw or .gz) as a uint8 array of its shape."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    zero, kind, rank = struct.unpack(">HBB", data[:4])
    assert zero == 0 and kind == 0x08, f"{path}: not an unsigned-byte IDX file"
    shape = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def load(directory, images, labels):
    def find(name):
        return next(p for p in (os.path.join(directory, name + ".gz"), os.path.join(directory, name)) if os.path.exists(p))
    x = torch.from_numpy(read_idx(find(images)).astype(np.float32) / 255).unsqueeze(1)  # N x 1 x 28 x 28
    y = torch.from_numpy(read_idx(find(labels)).astype(np.int64))
    return x, y


class KerasConv2d(nn.Conv2d):
    """Conv2d with Keras's padding: "same" puts the odd pixel of padding at the bottom / right."""

    def __init__(self, inputs, filters, kernel, stride=1, same=True, bias=True):
        super().__init__(inputs, filters, kernel, stride=stride, padding=0, bias=bias)
        self.same = same

    def forward(self, x):
        if self.same:
            height, width = x.shape[-2:]
            pad_h = max((-(-height // self.stride[0]) - 1) * self.stride[0] + self.kernel_size[0] - height, 0)
            pad_w = max((-(-width // self.stride[1]) - 1) * self.stride[1] + self.kernel_size[1] - width, 0)
            x = F.pad(x, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2))
        return super().forward(x)


def batch_norm(channels):
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)


class RandomFlipAndTranslation(nn.Module):
    """Training only: each image flipped left-right with probability 1/2, then shifted by up to factor × its size."""

    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def forward(self, x):
        if not self.training:
            return x
        n = x.shape[0]
        flip = torch.rand(n, 1, 1, 1) < 0.5
        x = torch.where(flip, x.flip(3), x)
        # Output pixel (i, j) reads input (i - dy, j - dx); in grid_sample's [-1, 1] coordinates a pixel is 2 / size.
        shift = (torch.rand(n, 2) * 2 - 1) * self.factor * 2  # (dx, dy) as fractions of the half-size
        theta = torch.zeros(n, 2, 3)
        theta[:, 0, 0] = 1
        theta[:, 1, 1] = 1
        theta[:, :, 2] = -shift
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        return F.grid_sample(x, grid, mode="nearest", padding_mode="zeros", align_corners=False)


class Block(nn.Module):
    """conv-BN-ReLU-conv-BN plus the shortcut (identity, or a strided 1×1 convolution with bias), then ReLU."""

    def __init__(self, inputs, filters, stride):
        super().__init__()
        self.conv1 = KerasConv2d(inputs, filters, 3, stride, bias=False)
        self.bn1 = batch_norm(filters)
        self.conv2 = KerasConv2d(filters, filters, 3, bias=False)
        self.bn2 = batch_norm(filters)
        self.shortcut = KerasConv2d(inputs, filters, 1, stride, same=False) if stride != 1 or inputs != filters else None

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class FashionResNet(nn.Module):
    """samples/FashionResNet's network: augmentation, stem, three stages of one block (16, 32, 64 filters), global
    average pooling, Dense(10) (softmax in the loss)."""

    def __init__(self):
        super().__init__()
        self.augment = RandomFlipAndTranslation(0.1)
        self.stem = nn.Sequential(KerasConv2d(1, 16, 3, bias=False), batch_norm(16), nn.ReLU())
        self.stages = nn.Sequential(Block(16, 16, 1), Block(16, 32, 2), Block(32, 64, 2))
        self.dense = nn.Linear(64, 10)
        for module in self.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(module.weight)  # Keras's glorot_uniform: fans count the receptive field
                if module.bias is not None:
                    nn.init.zeros_(module.bias)

    def forward(self, x):
        x = self.stages(self.stem(self.augment(x)))
        return self.dense(x.mean((2, 3)))


def parameter_count(model):
    """Keras's "Total params": weights plus BatchNormalization's moving statistics."""
    return sum(p.numel() for p in model.parameters()) + sum(
        b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var")))


def learning_rate(epoch, epochs):
    """The sample's schedule: Adam's 1e-3, a tenth of it for the last quarter of the epochs (none when fewer than 4)."""
    return 1e-3 if epoch < epochs - epochs // 4 else 1e-4


def test_right(model, x, y):
    """How many of the test images the model (in inference mode: moving statistics, no augmentation) gets right."""
    model.eval()
    with torch.inference_mode():
        return sum((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(x), 1000))


def main():
    parser = argparse.ArgumentParser(description="samples/FashionResNet's network trained by PyTorch.")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--train-rows", type=int, default=60000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1671)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--test-each-epoch", action="store_true", help="print the test accuracy after every epoch")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    x_train, y_train = load(args.data, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    x_test, y_test = load(args.data, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    x_train, y_train = x_train[:args.train_rows], y_train[:args.train_rows]
    rows = len(x_train)

    model = FashionResNet()
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads: {parameter_count(model):,} params")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    seconds = []
    started = time.perf_counter()
    for epoch in range(args.epochs):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(epoch, args.epochs)
        model.train()
        begin = time.perf_counter()
        order = torch.randperm(rows)
        loss_sum, right = 0.0, 0
        for first in range(0, rows, args.batch_size):
            batch = order[first:first + args.batch_size]
            logits = model(x_train[batch])
            loss = F.cross_entropy(logits, y_train[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(batch)
            right += (logits.argmax(1) == y_train[batch]).sum().item()
        seconds.append(time.perf_counter() - begin)
        line = f"Epoch {epoch + 1}/{args.epochs} - {seconds[-1]:.1f}s - loss: {loss_sum / rows:.4f} - accuracy: {right / rows:.4f}"
        if args.test_each_epoch:
            line += f" - test_accuracy: {test_right(model, x_test, y_test) / len(x_test):.4f}"
        print(line, flush=True)

    right = test_right(model, x_test, y_test)
    per_epoch = sorted(seconds)[len(seconds) // 2]
    epochs = f"{args.epochs} epoch" + ("" if args.epochs == 1 else "s")
    print(f"PyTorch {torch.__version__}: test accuracy {100 * right / len(x_test):.2f} % after {epochs}, {per_epoch:.1f} s/epoch (median), "
          f"{rows / per_epoch:.0f} samples/s, {time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
