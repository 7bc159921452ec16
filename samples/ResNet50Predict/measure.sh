#!/usr/bin/env bash
# The size and speed of ResNet-50 inference as a NativeAOT binary (README, "NativeAOT inference"): publishes this sample,
# prints the binary's size beside the weights file's, then runs the binary (load, predict one image, batch-1 latency).
#   bash samples/ResNet50Predict/measure.sh [resnet50.safetensors] [repeats]
# Without a weights file it writes one from a random torchvision resnet50 (same size and speed as ImageNet's; needs
# python3-torch and python3-torchvision) with samples/TransferLearning/export_torchvision_weights.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
weights="${1:-}" repeats="${2:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$weights" ]; then
  python="$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)"
  weights="$work/resnet50.safetensors"
  "$python" "$here/../TransferLearning/export_torchvision_weights.py" "$weights" --random 1
fi
dotnet publish "$here" -c Release -r linux-x64 -o "$work/publish" >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
if grep -E 'warning (IL|NETSDK)[0-9]+' "$work/publish.log"; then echo "the publish warned (above)"; exit 1; fi
binary="$work/publish/ResNet50Predict"
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB (%d bytes)", b / 1e6, b }'; }
echo "NativeAOT binary: $(mb "$binary") (the publish folder's other files, not needed to run it: $(ls "$work/publish" | grep -vx ResNet50Predict | tr '\n' ' '))"
echo "weights:          $(mb "$weights") ($weights)"
"$binary" --weights "$weights" --repeat "$repeats"
