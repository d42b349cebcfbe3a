#!/usr/bin/env bash
# One-shot GPU check, run on a Linux machine with an NVIDIA GPU and nvcc; needs no Java, Maven or network.
# Usage: gpu-check.sh [PACK [GpuCheck args]]    PACK = the target/gpu-check folder or target/gpu-check.tar.gz made by
#        native/pack-gpu-check.sh; default: this script's own folder when it sits in a pack, else target/gpu-check.
# Steps: build the kernels with the local nvcc (else use the prebuilt fatbins), run GpuCheck with the packed JDK:
# parity of every CUDA op against its plain-Java twin on fresh random inputs and edge cases, then one benchmark
# table, then nvJPEG against the CPU decoder's pixels on the packed JPEG set (when libnvjpeg.so.13 is there). Exit status: 0 all parity checks passed, 1 a parity failure or no usable device, 2 a setup problem.
# Writes a copy of its output to $OUT/gpu-check.log when $OUT is set. Time limit: 280 s for the Java part.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pack="${1:-}"
[ $# -gt 0 ] && shift   # the rest goes to GpuCheck, e.g. --no-bench
if [ -z "$pack" ]; then
  if [ -x "$here/jre/bin/java" ]; then pack="$here"; else pack="$here/../target/gpu-check"; fi
fi
if [ -n "${OUT:-}" ] && [ -d "$OUT" ]; then exec > >(tee "$OUT/gpu-check.log") 2>&1; fi
if [ -f "$pack" ]; then  # a .tar.gz: unpack next to it
  dest="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
  tar -C "$dest" -xzf "$pack" || { echo "gpu-check: cannot unpack $pack"; exit 2; }
  pack="$dest/gpu-check"
fi
pack="$(cd "$pack" 2>/dev/null && pwd)" || { echo "gpu-check: no pack at ${1:-default}; run native/pack-gpu-check.sh"; exit 2; }
[ -x "$pack/jre/bin/java" ] || { echo "gpu-check: $pack has no jre/bin/java"; exit 2; }
echo "== gpu-check: pack $pack"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
mkdir -p "$pack/build/native" "$pack/work"
if bash "$pack/native/build.sh" "$pack/build/native"; then :; else
  echo "gpu-check: local nvcc build failed; falling back to the prebuilt fatbins"; rm -f "$pack/build/native/"*.fatbin
fi
# A locally built fatbin shadows the prebuilt one of the same name (class-path order).
cp="$pack/build:$pack/prebuilt:$pack/classes"
for j in "$pack"/lib/*.jar; do cp="$cp:$j"; done
args=(--work "$pack/work")
if python3 -c "import torchvision" 2>/dev/null; then args+=(--torchvision "$pack/native/nms_torchvision.py")
else echo "torchvision not importable: NMS comparison skipped"; fi
# nvJPEG (NvJpegCheck) needs libnvjpeg.so.13 from this machine's CUDA toolkit.
nvjpeg_dir=""
for d in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/lib/x86_64-linux-gnu; do
  [ -e "$d/libnvjpeg.so.13" ] && { nvjpeg_dir="$d"; break; }
done
if [ -d "$pack/jpeg" ]; then
  if [ -n "$nvjpeg_dir" ]; then args+=(--jpeg "$pack/jpeg"); else echo "libnvjpeg.so.13 not found: nvJPEG check skipped"; fi
fi
export LD_LIBRARY_PATH="$pack/lib/native${nvjpeg_dir:+:$nvjpeg_dir}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
timeout 280 "$pack/jre/bin/java" -Xmx12g -Dorg.bytedeco.javacpp.cachedir="$pack/work/javacpp" \
  -cp "$cp" io.imgdiff.compute.cuda.GpuCheck "${args[@]}" "$@"
rc=$?
[ $rc -eq 124 ] && echo "gpu-check: timed out after 280 s"
[ $rc -ne 0 ] && [ $rc -ne 1 ] && rc=2
echo "== gpu-check: exit $rc"
exit $rc
