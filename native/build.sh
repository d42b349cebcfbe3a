#!/usr/bin/env bash
# Compiles every native/kernels/*.cu into a fatbin (cubin for sm_80 and sm_90, PTX for compute_90 so newer cards
# JIT) under OUT_DIR (default target/classes/native, i.e. class-path resources /native/<op>.fatbin).
# A new kernel file needs no edit here. Without nvcc it prints one line and exits 0: the CPU backend still works.
# Usage: native/build.sh [OUT_DIR]      nvcc is taken from $NVCC, then PATH, then /usr/local/cuda/bin.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../target/classes/native}"
# NVCC=none (or any non-executable path) forces the no-nvcc path, e.g. to test it.
if [ -n "${NVCC:-}" ]; then nvcc="$NVCC"
else nvcc="$(command -v nvcc || true)"; [ -z "$nvcc" ] && nvcc=/usr/local/cuda/bin/nvcc
fi
if [ ! -x "$nvcc" ]; then
  echo "nvcc not found: CUDA kernels skipped, CPU backend only"
  exit 0
fi
mkdir -p "$out"
# -fmad=false keeps float ops as written so the float twins (crop_resize) stay within their documented tolerance
# without depending on the compiler's contraction choices.
flags=(-O3 -fmad=false -std=c++17
       -gencode arch=compute_80,code=sm_80
       -gencode arch=compute_90,code=sm_90
       -gencode arch=compute_90,code=compute_90)
n=0
for cu in "$here"/kernels/*.cu; do
  op="$(basename "$cu" .cu)"
  # Rebuild only when the source is newer than its fatbin: keeps `mvn package` fast on repeat builds.
  if [ ! -f "$out/$op.fatbin" ] || [ "$cu" -nt "$out/$op.fatbin" ]; then
    "$nvcc" "${flags[@]}" -fatbin -o "$out/$op.fatbin.tmp" "$cu"
    mv "$out/$op.fatbin.tmp" "$out/$op.fatbin"
  fi
  n=$((n + 1))
done
echo "CUDA kernels: $n fatbin(s) in $out ($("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p'))"
