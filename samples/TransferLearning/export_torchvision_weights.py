#!/usr/bin/env python3
"""Saves torchvision's ResNet-50 state_dict as safetensors, the file `TransferLearning --weights` and NeuralDsl's
LoadWeights(path, WeightMatching.ByName or Strict, WeightLayout.PyTorch) read.

    python3 export_torchvision_weights.py resnet50.safetensors            # ImageNet weights (IMAGENET1K_V2, via torch.hub)
    python3 export_torchvision_weights.py resnet50.safetensors --random 1  # random weights, seed 1 (tests; no download)

With the `safetensors` package the conversion is safetensors.torch.save_file(model.state_dict(), path); Debian's
python3-torch comes without it, so this script writes the format itself (an 8-byte header length, a JSON header, the
tensors' little-endian bytes).
"""
import argparse
import json
import struct

import torch
import torchvision

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def save_safetensors(state, path):
    header, offset = {}, 0
    for name, tensor in state.items():
        size = tensor.numel() * tensor.element_size()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for tensor in state.values():
            f.write(tensor.detach().contiguous().cpu().numpy().tobytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="the safetensors file to write")
    parser.add_argument("--random", type=int, metavar="SEED", help="random weights from this seed instead of ImageNet's")
    args = parser.parse_args()
    if args.random is None:
        model = torchvision.models.resnet50(weights="IMAGENET1K_V2")
    else:
        torch.manual_seed(args.random)
        model = torchvision.models.resnet50()
    save_safetensors(model.state_dict(), args.path)
    print(f"{args.path}: {len(model.state_dict())} tensors")


if __name__ == "__main__":
    main()
