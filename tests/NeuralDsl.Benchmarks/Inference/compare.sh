#!/usr/bin/env bash
# Inference side by side, in one run: samples/Classify as a NativeAOT binary, the same program on the JIT, and PyTorch
# (python3-torch) doing the same (process start, import, load the weights, predict). Reports binary size, time from
# process start to the first prediction, batch-1 latency and 10 000-row throughput (medians of RUNS runs; ratios to
# the AOT binary), and the largest difference between the three builds' probabilities.
#   bash tests/NeuralDsl.Benchmarks/Inference/compare.sh [WEIGHTS.safetensors]     (RUNS=5 by default)
# Without WEIGHTS it trains the main job's Adam network for 2 epochs first.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$repo/tests/NeuralDsl.Benchmarks/Inference"
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Debian's python3-torch and python3-numpy live in the system Python (a pyenv or venv python3 on PATH lacks them).
python=/usr/bin/python3; [ -x "$python" ] || python=python3

weights="${1:-}"
if [ -z "$weights" ]; then
  echo "training the Adam network for 2 epochs ..."
  dotnet run -c Release --project samples/FashionMnistExperiments -- --only Adam --max-epochs 2 --save "$work" >/dev/null
  weights="$work/adam.safetensors"
fi

# 100 test images as a CSV of pixels in [0, 1]: the same rows for every build.
"$python" - "$work/input.csv" <<'PY'
import gzip, sys
import numpy as np
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
    images = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)[:100] / np.float32(255)
np.savetxt(sys.argv[1], images, delimiter=",", fmt="%.9g")
PY

echo "building ..."
dotnet build samples/Classify -c Release >/dev/null
dotnet publish samples/Classify -c Release -r linux-x64 -o "$work/aot" >/dev/null
jit=(dotnet "samples/Classify/bin/Release/net9.0/Classify.dll" --weights "$weights" "$work/input.csv")
aot=("$work/aot/Classify" --weights "$weights" "$work/input.csv")
torch=("$python" "$here/torch_classify.py" "$weights" "$work/input.csv")

# One line per run: start_to_first_ms batch1_us rows_per_s.
measure() {
  local name="$1"; shift
  for _ in $(seq "$runs"); do
    local start; start=$(date +%s%3N)
    "$@" --benchmark | sed -E "s/first_prediction_unix_ms=([0-9]+)/\1/; s/[a-z0-9_]+=//g" | awk -v s="$start" '{ print $1 - s, $2, $3 }'
  done >"$work/$name.runs"
}
measure aot "${aot[@]}"
measure jit "${jit[@]}"
measure torch "${torch[@]}"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_median() { awk -v c="$2" '{ print $c }' "$work/$1.runs" | median; }

aot_size=$(stat -c %s "$work/aot/Classify")
jit_size=$(cat samples/Classify/bin/Release/net9.0/{Classify,NeuralDsl,NeuralDsl.Runtime}.dll | wc -c)
torch_size=$(du -sb "$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))')" | cut -f1)

printf '\nInference, %s runs each (medians), 100 Fashion-MNIST test images, 784-128-128-10 MLP; %s\n' "$runs" "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '| build | size | start to first prediction | batch-1 latency | 10 000-row throughput |\n| --- | --- | --- | --- | --- |\n'
for name in aot jit torch; do
  case $name in
    aot) label="NativeAOT binary"; size="$aot_size B (one file)" ;;
    jit) label="JIT (dotnet Classify.dll)"; size="$jit_size B of assemblies + the .NET runtime" ;;
    torch) label="PyTorch $("$python" -c 'import torch; print(torch.__version__)')"; size="$torch_size B (torch package) + Python" ;;
  esac
  start=$(column_median $name 1); latency=$(column_median $name 2); rate=$(column_median $name 3)
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  printf '| %s | %s | %s ms (%s× AOT) | %s µs (%s× AOT) | %s rows/s (%s× AOT) |\n' "$label" "$size" \
    "$start" "$(ratio "$start" "$(column_median aot 1)")" "$latency" "$(ratio "$latency" "$(column_median aot 2)")" \
    "$rate" "$(ratio "$rate" "$(column_median aot 3)")"
done

# The same probabilities: AOT against JIT (the same code, so expected equal to the last bit or within 1e-6) and
# against PyTorch (a different summation order, so rounding differences).
"${aot[@]}" --raw >"$work/aot.raw"
"${jit[@]}" --raw >"$work/jit.raw"
"${torch[@]}" --raw >"$work/torch.raw"
difference() {
  paste -d' ' "$work/$1.raw" "$work/$2.raw" | awk '{ n = NF / 2; for (i = 1; i <= n; i++) { d = $i - $(i + n); if (d < 0) d = -d; if (d > m) m = d; if ($i != $(i + n)) u++ } t += n }
    END { printf "%d of %d probabilities differ, largest difference %.3g\n", u, t, m }'
}
printf '\nAOT vs JIT: %s\n' "$(difference aot jit)"
printf 'AOT vs PyTorch: %s\n' "$(difference aot torch)"
