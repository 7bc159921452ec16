"""The PyTorch peer of samples/Classify --benchmark / --raw: the same network (784-128-128-10, ReLU, softmax) with the
weights NeuralDsl saved, the same input, the same key=value line. Reads safetensors by hand (8-byte header length,
JSON header, little-endian float32 data) so that nothing beyond torch is needed.
usage: torch_classify.py WEIGHTS INPUT.csv (--benchmark | --raw)"""
import json, struct, sys, time

import numpy as np
import torch


def load_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"]).copy())
    return tensors


def network(tensors):
    layers = []
    for index, name in enumerate(["dense", "dense_1", "dense_2"]):
        kernel = tensors[f"{name}/kernel"]  # Keras layout [inputs, units]; torch's Linear holds [units, inputs]
        linear = torch.nn.Linear(kernel.shape[0], kernel.shape[1])
        with torch.no_grad():
            linear.weight.copy_(kernel.T)
            linear.bias.copy_(tensors[f"{name}/bias"])
        layers += [linear, torch.nn.ReLU() if index < 2 else torch.nn.Softmax(dim=1)]
    return torch.nn.Sequential(*layers).eval()


def main():
    weights, csv, mode = sys.argv[1:4]
    x = torch.from_numpy(np.loadtxt(csv, delimiter=",", dtype=np.float32, ndmin=2))
    model = network(load_safetensors(weights))
    with torch.inference_mode():
        if mode == "--raw":
            for row in model(x).numpy():
                print(" ".join(repr(float(v)) for v in row))
            return
        model(x[:1])
        first_prediction = time.time() * 1000
        latencies = []
        for i in range(2000):
            row = x[i % len(x)].unsqueeze(0)
            begin = time.perf_counter()
            model(row)
            latencies.append((time.perf_counter() - begin) * 1e6)
        batch = x.repeat((10000 + len(x) - 1) // len(x), 1)[:10000].contiguous()
        model(batch)
        seconds = []
        for _ in range(5):
            begin = time.perf_counter()
            model(batch)
            seconds.append(time.perf_counter() - begin)
    print(f"first_prediction_unix_ms={first_prediction:.0f} batch1_us={sorted(latencies)[1000]:.1f} rows_per_s={10000 / sorted(seconds)[2]:.0f}")


main()
