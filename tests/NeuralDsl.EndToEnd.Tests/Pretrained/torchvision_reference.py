#!/usr/bin/env python3
"""Reference outputs of torchvision's ResNets for NeuralDsl.Applications (TorchvisionComparisonTests).

For each model: torchvision's resnet18() / resnet50() with random weights (torch.manual_seed), BatchNorm running statistics
taken from one training-mode batch of random images and the affine parameters jittered (so the statistics and affines
matter), fc scaled so that the logits spread over a few units (a random ResNet's softmax would otherwise be flat or
saturated), in eval mode. Writes into --out:

  <model>.safetensors            the state_dict (num_batches_tracked included, as I64), written by hand
  images.nhwc.f32                --images random images, float32 little-endian, NHWC (NeuralDsl's layout)
  <model>.log_softmax.f32        torchvision's log-softmax outputs, [images, 1000]
  <model>.<module>.nhwc.f32      the output of <module> for the first image (forward hooks), NHWC
  manifest.json                  what was written: shapes and the checkpoint modules per model
"""
import argparse
import json
import os
import struct

import torch
import torchvision

CHECKPOINTS = {
    "resnet18": ["maxpool", "layer1", "layer2", "layer3", "layer4"],
    "resnet50": ["maxpool", "layer1.0", "layer2.0"],
}

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def write_safetensors(path, state):
    header, chunks, offset = {}, [], 0
    for name, tensor in state.items():
        data = tensor.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def write_f32(path, tensor):
    with open(path, "wb") as f:
        f.write(tensor.detach().contiguous().to(torch.float32).numpy().tobytes())


def nhwc(tensor):
    return tensor.permute(0, 2, 3, 1) if tensor.dim() == 4 else tensor


def build(name, seed, calibration):
    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)()
    # Running statistics from one batch (momentum 1: the batch's own), then the affines jittered around theirs.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.momentum = 1.0
    model.train()
    with torch.no_grad():
        model(calibration)
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.momentum = 0.1
                module.weight.mul_(1 + 0.2 * (torch.rand_like(module.weight) - 0.5))
                module.bias.add_(0.1 * torch.randn_like(module.bias))
                module.running_mean.add_(0.05 * torch.randn_like(module.running_mean))
                module.running_var.mul_(1 + 0.2 * (torch.rand_like(module.running_var) - 0.5))
    model.eval()
    with torch.no_grad():
        logits = model(calibration)
        scale = 4.0 / logits.std().item()
        model.fc.weight.mul_(scale)
        model.fc.bias.normal_(0, 0.5)
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--images", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1671)
    parser.add_argument("--models", default="resnet18,resnet50")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(2)

    generator = torch.Generator().manual_seed(args.seed)
    images = torch.randn(args.images, 3, 224, 224, generator=generator)
    calibration = torch.randn(8, 3, 224, 224, generator=generator)
    write_f32(os.path.join(args.out, "images.nhwc.f32"), nhwc(images))
    manifest = {"images": args.images, "torch": torch.__version__, "torchvision": torchvision.__version__, "models": {}}

    for index, name in enumerate(args.models.split(",")):
        model = build(name, args.seed + index, calibration)
        write_safetensors(os.path.join(args.out, name + ".safetensors"), model.state_dict())
        captured = {}
        modules = dict(model.named_modules())

        def capture(module_name):
            # A forward hook that returns a value replaces the module's output: this one must return None, or the rest
            # of the forward pass would see the first image only.
            def hook(_module, _inputs, out):
                captured[module_name] = out[:1].clone()
            return hook

        hooks = [modules[m].register_forward_hook(capture(m)) for m in CHECKPOINTS[name]]
        with torch.no_grad():
            log_probabilities = torch.log_softmax(model(images), dim=1)
        for hook in hooks:
            hook.remove()
        assert log_probabilities.shape == (args.images, 1000), log_probabilities.shape
        write_f32(os.path.join(args.out, name + ".log_softmax.f32"), log_probabilities)
        checkpoints = []
        for module in CHECKPOINTS[name]:
            out = nhwc(captured[module])
            write_f32(os.path.join(args.out, f"{name}.{module}.nhwc.f32"), out)
            checkpoints.append({"module": module, "shape": list(out.shape[1:])})
        manifest["models"][name] = {
            "parameters": sum(p.numel() for p in model.parameters()),
            "buffers": sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked")),
            "checkpoints": checkpoints,
        }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
