#!/usr/bin/env bash
# Where one Predict spends its time, by method: `perf record` over SideBySide calling NeuralDsl's Predict in a loop on the
# JIT (with perf maps and ReadyToRun and W^X double mapping off, so every method is JIT-compiled and has a name), then the methods above 0.5 % of the samples.
#   bash tests/NeuralDsl.Benchmarks/Inference/profile.sh MODEL ROWS [SECONDS]
#   MODEL: TutorialMlp | KerasMnistConvnet | ResNet20V1; ROWS: 1 for latency, 10000 for throughput. Needs linux-perf.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
project="$repo/tests/NeuralDsl.Benchmarks/Inference/SideBySide"
model="$1" rows="$2" seconds="${3:-8}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build "$project" -c Release >/dev/null
# Warm up in the same process (dynamic PGO reaches the final tier in about 1.5 s), then sample.
DOTNET_PerfMapEnabled=1 DOTNET_ReadyToRun=0 DOTNET_EnableWriteXorExecute=0 perf record -F 2000 -g -o "$work/perf.data" -- \
  dotnet "$project/bin/Release/net10.0/SideBySide.dll" --loop "$model" "$rows" "$seconds" 2>/dev/null
perf report -i "$work/perf.data" --no-children --sort dso,symbol --percent-limit 0.5 --stdio 2>/dev/null \
  | grep -E '^ +[0-9.]+%' | sed -E 's/\[\.\] //; s/\[unknown\] //' | head -40
