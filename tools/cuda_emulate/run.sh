#!/usr/bin/env bash
# Builds and runs the CPU emulation of native/kernels/*.cu (see shim.h): one driver per kernel file, each comparing
# the kernel run under the shim with a C++ oracle. Prints each driver's "<kernel>: N checks, M failed"; exit 1 on
# any mismatch, build error or warp-rule violation, 0 when all pass. CXX overrides g++ (needs C++20 <barrier>).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kernels="$here/../../native/kernels"
out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
# The kernels as they are, but for one rewrite: dynamic shared memory (`extern __shared__ T name[];`, which the
# shim's `#define __shared__ static` cannot express) becomes a pointer into the launch's emu::dyn_smem.
mkdir "$out/kernels"
for f in "$kernels"/*.cu; do
  sed -E 's/extern __shared__ ([A-Za-z_][A-Za-z0-9_ ]*[A-Za-z0-9_]) ([A-Za-z_][A-Za-z0-9_]*)\[\];/\1* \2 = (\1*)emu::dyn_smem.data();/' \
    "$f" > "$out/kernels/$(basename "$f")"
done
drivers=(pixel_diff components nms crop_resize cosine reduce_blur)
pids=()
# -fno-strict-aliasing: pixel_diff_absmax reads uint8 buffers as uint32 words, which CUDA allows and C++ does not
for d in "${drivers[@]}"; do   # all six builds at once (~10 s on two cores)
  "${CXX:-g++}" -std=c++20 -O2 -ffp-contract=off -fno-strict-aliasing -pthread -I"$out" -o "$out/$d" "$here/${d}_emu.cpp" &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ "$status" = 0 ] || { echo "cuda_emulate: build failed"; exit 1; }
for d in "${drivers[@]}"; do
  start=$SECONDS
  if ! "$out/$d" > "$out/$d.log" 2>&1; then status=1; fi
  cat "$out/$d.log"
  echo "  ($d: $((SECONDS - start)) s)"
  grep -q "^$d: [0-9]* checks, 0 failed" "$out/$d.log" || status=1
done
[ "$status" = 0 ] && echo "cuda_emulate: all kernels pass" || echo "cuda_emulate: FAILED"
exit "$status"
