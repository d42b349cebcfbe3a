#!/usr/bin/env bash
# Compiles native/cpu/cpu_kernels.h into the JNI library of io.imgdiff.compute.cpu.CpuKernels with JavaCPP's
# builder: CLASSES_DIR/io/imgdiff/compute/cpu/<platform>/libjniCpuKernels.so, a class-path resource that
# Loader.load extracts at run time. Without a C++ compiler it prints one line and exits 0: the detector then takes
# its portable Java/OpenCV path (CpuKernels.status() says so).
# Usage: native/build-cpu.sh CLASSES_DIR CLASSPATH      (Maven's process-classes phase passes both)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classes="$1"
classpath="$2"
cxx="${CXX:-g++}"
if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "$cxx not found: native CPU kernels skipped, detector uses its portable Java/OpenCV path"
  exit 0
fi
header="$here/cpu/cpu_kernels.h"
stamp="$(find "$classes/io/imgdiff/compute/cpu" -name 'libjniCpuKernels.*' 2>/dev/null | head -1)"
# Rebuild only when the header or the binding class is newer than the library.
if [ -n "$stamp" ] && [ "$stamp" -nt "$header" ] && [ "$stamp" -nt "$classes/io/imgdiff/compute/cpu/CpuKernels.class" ]; then
  echo "CPU kernels: up to date ($stamp)"
  exit 0
fi
platform="$(java -cp "$classpath" org.bytedeco.javacpp.tools.Builder -print platform)"
# -ffp-contract=off: no fused multiply-adds, so drift_apply stays bit-exact with DriftModel's Java loop;
# -fno-trapping-math lets the float clamps vectorise (results unchanged: it only drops FP-exception ordering).
java -cp "$classpath" org.bytedeco.javacpp.tools.Builder -cp "$classes" -Dplatform.compiler="$cxx" \
  -Xcompiler -I"$here/cpu" -Xcompiler -ffp-contract=off -Xcompiler -fno-trapping-math -Xcompiler -std=c++17 \
  -d "$classes/io/imgdiff/compute/cpu/$platform" \
  io.imgdiff.compute.cpu.CpuKernels > "$classes/../cpu-kernels-build.log" 2>&1 \
  || { cat "$classes/../cpu-kernels-build.log"; echo "CPU kernels: build failed"; exit 1; }
echo "CPU kernels: $(find "$classes/io/imgdiff/compute/cpu" -name 'libjniCpuKernels.*' | head -1)"
