#!/usr/bin/env bash
# Builds and runs the CPU emulation of native/kernels/reduce_blur.cu (see shim.h); exit 1 on any mismatch.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
"${CXX:-g++}" -std=c++20 -O2 -ffp-contract=off -pthread -o "$out/emu" "$here/reduce_blur_emu.cpp"
"$out/emu" | tee "$out/log"
grep -q ", 0 failed" "$out/log"
