#!/usr/bin/env bash
# NeuralDsl beside ONNX Runtime 1.32 on the same weights, in one process (Inference/SideBySide): the tutorial MLP, the
# Keras MNIST convnet and ResNet-20 v1 with seeded random weights, each exported with ExportOnnx and loaded by ONNX
# Runtime (graph optimisations on, inter-op 1, spinning off, IOBinding over pre-allocated OrtValues), outputs checked
# equal within 1e-5 before anything is timed. Batch-1 latency (median µs per call) and throughput (median rows/s of
# whole 10 000-row calls; 1 000 rows for ResNet-20). NeuralDsl runs on the JIT, on the JIT with DOTNET_EnableAVX512=0
# (its AVX2 kernels), and as NativeAOT binaries for x86-64-v3 (AVX2 + FMA, the project's default) and, on an AVX-512
# CPU, x86-64-v4; ONNX Runtime is timed in the JIT process with 1 intra-op thread and with one per core, beside NeuralDsl on
# one thread too (the NativeAOT binaries load it and check its outputs too). Within a process the engines take turns
# (21 rounds), so that the shared host's changes of speed fall on all of them alike. Prints one table: medians over RUNS
# runs of each process (interleaved), ratios to NeuralDsl on the JIT. About 20 minutes with RUNS=3 on 2 cores.
#   bash tests/NeuralDsl.Benchmarks/Inference/onnxruntime_side_by_side.sh     (RUNS=3 by default; RAW=DIR keeps each
#                                                                              process's key=value lines in DIR)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
project="$repo/tests/NeuralDsl.Benchmarks/Inference/SideBySide"
runs="${RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
python=/usr/bin/python3; [ -x "$python" ] || python=python3

avx512=$(grep -q -m1 avx512f /proc/cpuinfo && echo yes || echo no)
echo "building ..."
dotnet build "$project" -c Release >/dev/null
dotnet publish "$project" -c Release -r linux-x64 -o "$work/aot-v3" >/dev/null
builds=(jit jit-avx2 aot-v3)
if [ "$avx512" = yes ]; then
  dotnet publish "$project" -c Release -r linux-x64 -p:IlcInstructionSet=x86-64-v4 -o "$work/aot-v4" >/dev/null
  builds+=(aot-v4)
fi

for run in $(seq "$runs"); do
  echo "run $run of $runs ..."
  dotnet "$project/bin/Release/net10.0/SideBySide.dll" >"$work/jit.$run"
  DOTNET_EnableAVX512=0 dotnet "$project/bin/Release/net10.0/SideBySide.dll" --engines neuraldsl >"$work/jit-avx2.$run"
  "$work/aot-v3/SideBySide" --engines neuraldsl >"$work/aot-v3.$run"
  if [ "$avx512" = yes ]; then "$work/aot-v4/SideBySide" --engines neuraldsl >"$work/aot-v4.$run"; fi
done

if [ -n "${RAW:-}" ]; then mkdir -p "$RAW" && cp "$work"/jit* "$work"/aot-v?.* "$RAW"/; fi
cpu="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), AVX-512 $avx512"
"$python" - "$work" "$runs" "$cpu" "${builds[@]}" <<'PY'
import statistics, sys
work, runs, cpu, builds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
values = {}  # (model, rows, column) -> [value per run]
for build in builds:
    for run in range(1, runs + 1):
        for line in open(f"{work}/{build}.{run}"):
            if line.startswith("#"):
                continue
            f = dict(kv.split("=", 1) for kv in line.split())
            engine = f["engine"]
            if engine == "neuraldsl1" and build != "jit":
                continue  # the one-thread line is kept for the JIT only, beside ORT's one thread
            column = (f"NeuralDsl {build}" if engine == "neuraldsl" else f"NeuralDsl {build} 1 thread" if engine == "neuraldsl1"
                      else f"ORT {engine[3:]} thread" + ("s" if engine != "ort1" else ""))
            value = float(f.get("us") or f["rows_per_s"])
            values.setdefault((f["model"], int(f["rows"]), column), []).append(value)
columns = [f"NeuralDsl {b}" for b in builds] + ["NeuralDsl jit 1 thread"] + sorted({c for (_, _, c) in values if c.startswith("ORT")})
print(f"\nNeuralDsl vs ONNX Runtime 1.32, same weights, medians of {runs} runs; {cpu}")
print("batch 1: µs per call (lower is better); N rows: rows/s (higher is better); (×r): time relative to NeuralDsl jit, < 1 is faster")
print("| model | batch | " + " | ".join(columns) + " |")
print("| --- | --- |" + " --- |" * len(columns))
for model, rows in sorted({(m, r) for (m, r, _) in values}, key=lambda k: (["TutorialMlp", "KerasMnistConvnet", "ResNet20V1"].index(k[0]), k[1])):
    base = statistics.median(values[(model, rows, "NeuralDsl jit")])
    cells = []
    for column in columns:
        v = statistics.median(values[(model, rows, column)])
        relative = v / base if rows == 1 else base / v
        cells.append(f"{v:.1f} µs" if rows == 1 else f"{v / 1000:.1f} k rows/s" if v >= 10_000 else f"{v:.0f} rows/s")
        if column != "NeuralDsl jit":
            cells[-1] += f" (×{relative:.2f})"
    print(f"| {model} | {rows} | " + " | ".join(cells) + " |")
PY
