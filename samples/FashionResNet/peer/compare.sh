#!/usr/bin/env bash
# samples/FashionResNet side by side with the same network in PyTorch (fashion_resnet_torch.py beside this file): both
# trained one after the other in one run, on the same Fashion-MNIST files, with the same settings and the same number
# of threads, then their result lines (test accuracy, s/epoch, samples/s) printed together.
#   bash samples/FashionResNet/peer/compare.sh [--epochs N] [--batch-size N] [--train-rows N]     (THREADS=2 by default)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
threads="${THREADS:-2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Debian's python3-torch lives in the system Python (a pyenv or venv python3 on PATH lacks it).
python=/usr/bin/python3; [ -x "$python" ] || python=python3

echo "building samples/FashionResNet ..."
dotnet build samples/FashionResNet -c Release >/dev/null

# DOTNET_PROCESSOR_COUNT caps the threads NeuralDsl's kernels use as torch.set_num_threads caps PyTorch's.
echo "== NeuralDsl ($threads threads)"
DOTNET_PROCESSOR_COUNT="$threads" dotnet samples/FashionResNet/bin/Release/net10.0/FashionResNet.dll "$@" | tee "$work/neuraldsl.log" \
  | grep -v -e '^ ' -e '^_' -e '^=' -e '^$' -e '^Total params' -e '^Trainable' -e '^Non-trainable' -e '^Model:'
echo "== PyTorch ($threads threads)"
"$python" "$(dirname "$0")/fashion_resnet_torch.py" --threads "$threads" "$@" | tee "$work/torch.log"

echo
printf 'Fashion-MNIST, samples/FashionResNet (%s params), %s, %s threads of %s\n' \
  "$(grep -m1 '^Total params' "$work/neuraldsl.log" | cut -d' ' -f3)" "${*:-default settings}" "$threads" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(grep -c '^processor' /proc/cpuinfo) cores$(grep -q avx512f /proc/cpuinfo && echo ', AVX-512'))"
grep -h ': test accuracy' "$work/neuraldsl.log" "$work/torch.log"
