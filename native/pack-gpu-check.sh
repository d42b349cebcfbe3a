#!/usr/bin/env bash
# Prepares the one-shot GPU check for a machine with an NVIDIA GPU and nvcc but no Java, Maven or network:
# target/gpu-check/ (and target/gpu-check.tar.gz) with a jlinked JDK 17 runtime, the project's compute classes,
# the javacpp + cuda jars, libcudart.so.13, prebuilt fatbins (fallback), the kernel sources and native/build.sh
# (rebuilt there with the local nvcc), the torchvision script and gpu-check.sh. No OpenCV: the check's CPU side
# uses the plain-Java twins and oracles. Run from anywhere after `mvn -o -q -B process-classes` (or package).
# Usage: native/pack-gpu-check.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/gpu-check"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
jcpp="$m2/org/bytedeco/javacpp/1.5.13"
cuda="$m2/org/bytedeco/cuda/13.1-9.19-1.5.13"
cudart="${CUDART:-/usr/local/cuda/lib64/libcudart.so.13}"
[ -d "$root/target/classes/io/imgdiff/compute/cuda" ] || { echo "pack-gpu-check: build first (mvn -o -q -B process-classes)"; exit 1; }
for f in "$jcpp/javacpp-1.5.13.jar" "$jcpp/javacpp-1.5.13-linux-x86_64.jar" "$cuda/cuda-13.1-9.19-1.5.13.jar" \
         "$cuda/cuda-13.1-9.19-1.5.13-linux-x86_64.jar" "$cudart"; do
  [ -r "$f" ] || { echo "pack-gpu-check: missing $f"; exit 1; }
done
rm -rf "$out" "$out.tar.gz"
mkdir -p "$out"/{lib/native,classes,prebuilt/native,native/kernels,work}
# java.logging: JavaCPP's logger; jdk.unsupported: sun.misc.Unsafe, used by JavaCPP.
jlink --add-modules java.base,jdk.unsupported,java.logging --strip-debug --no-header-files --no-man-pages \
      --compress=2 --output "$out/jre"
cp "$jcpp/javacpp-1.5.13.jar" "$jcpp/javacpp-1.5.13-linux-x86_64.jar" "$out/lib/"
cp "$cuda/cuda-13.1-9.19-1.5.13.jar" "$out/lib/"
# Of the cuda natives jar only the cudart bindings are loaded: repack just those (5 MB -> ~1 MB).
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && unzip -q "$cuda/cuda-13.1-9.19-1.5.13-linux-x86_64.jar" 'META-INF/*' \
   'org/bytedeco/cuda/linux-x86_64/libjnicudart.so' 'org/bytedeco/cuda/linux-x86_64/libjninvjpeg.so' \
   && jar --create --file "$out/lib/cuda-linux-x86_64-cudart.jar" --no-manifest org)
cp -L "$cudart" "$out/lib/native/libcudart.so.13"
# Only what GpuCheck loads: the compute ops, their twins and oracles, and the item records.
(cd "$root/target/classes" && cp -r --parents io/imgdiff/compute io/imgdiff/item io/imgdiff/image/JpegMarkers.class \
   "$out/classes/")
rm -rf "$out/classes/native"
[ -d "$root/target/classes/native" ] && cp "$root/target/classes/native/"*.fatbin "$out/prebuilt/native/" 2>/dev/null || true
cp "$root/native/kernels/"*.cu "$out/native/kernels/"
cp "$root/native/build.sh" "$root/native/nms_torchvision.py" "$out/native/"
cp "$root/native/gpu-check.sh" "$out/gpu-check.sh"
chmod +x "$out/gpu-check.sh" "$out/native/build.sh"
# The nvJPEG parity set (NvJpegCheck): JPEGs and the RGB our CPU decoder makes of them, made here where ImageIO
# and libjpeg-turbo are; libnvjpeg.so.13 itself comes from the GPU machine's CUDA toolkit (gpu-check.sh finds it).
cpfile="$root/target/gpu-check-classpath.txt"
(cd "$root" && mvn -o -q -B dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null) \
  && java -cp "$root/target/classes:$(cat "$cpfile")" -Dorg.bytedeco.javacpp.cachedir="$root/target/javacpp-cache" \
       io.imgdiff.image.JpegParitySet "$out/jpeg" \
  || echo "pack-gpu-check: JPEG parity set not made; the GPU check skips nvJPEG"
tar -C "$root/target" -czf "$out.tar.gz" gpu-check
echo "gpu-check pack: $(du -sm "$out" | cut -f1) MB unpacked in $out, $(du -sm "$out.tar.gz" | cut -f1) MB as $out.tar.gz"
