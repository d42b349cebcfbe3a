#!/usr/bin/env bash
# Compiles native/cpu/image_kernels.h into the JNI library of io.imgdiff.image.ImageKernels with JavaCPP's builder:
# CLASSES_DIR/io/imgdiff/image/<platform>/libjniImageKernels.so. Inflate comes from libdeflate when its header is
# installed (Debian: libdeflate-dev; linked statically when libdeflate.a exists, so the image needs nothing more),
# else from zlib (zlib1g-dev). JPEG: io.imgdiff.image.JpegKernels against libjpeg-turbo (libjpeg62-turbo-dev), when
# jpeglib.h is there. Without a C++ compiler or either library it prints one line and exits 0: PNGs then
# go to the JDK decoder (ImageKernels.status() says so).
# Usage: native/build-image.sh CLASSES_DIR CLASSPATH      (Maven's process-classes phase passes both)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classes="$1"
classpath="$2"
cxx="${CXX:-g++}"
if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "$cxx not found: native image kernels skipped, PNGs use the JDK decoder"
  exit 0
fi
header="$here/cpu/image_kernels.h"
stamp="$(find "$classes/io/imgdiff/image" -name 'libjniImageKernels.*' 2>/dev/null | head -1)"
if [ -n "$stamp" ] && [ "$stamp" -nt "$header" ] && [ "$stamp" -nt "$classes/io/imgdiff/image/ImageKernels.class" ] \
   && [ "$stamp" -nt "$here/cpu/jpeg_kernels.h" ] && [ "$stamp" -nt "$classes/io/imgdiff/image/JpegKernels.class" ] \
   && [ "$stamp" -nt "$0" ]; then
  echo "image kernels: up to date ($stamp)"
  exit 0
fi
# Where the compiler looks for headers and libraries (multiarch on Debian).
incdirs="$(echo | "$cxx" -xc++ -E -v - 2>&1 | sed -n '/#include <...>/,/End of search/p' | grep '^ ' || true)"
find_header() { for d in $incdirs /usr/include /usr/local/include; do [ -f "$d/$1" ] && { echo "$d/$1"; return; }; done; }
libfile() { "$cxx" -print-file-name="$1"; }
extra=()
if [ -n "$(find_header libdeflate.h)" ]; then
  a="$(libfile libdeflate.a)"
  if [ -f "$a" ]; then extra=(-Xcompiler -DIMGDIFF_LIBDEFLATE -Xcompiler "$a"); inflate="libdeflate (static)"
  else extra=(-Xcompiler -DIMGDIFF_LIBDEFLATE -Xcompiler -ldeflate); inflate="libdeflate (shared)"; fi
elif [ -n "$(find_header zlib.h)" ]; then
  extra=(-Xcompiler -lz); inflate="zlib"
else
  echo "neither libdeflate.h nor zlib.h found: native image kernels skipped, PNGs use the JDK decoder"
  exit 0
fi
platform="$(java -cp "$classpath" org.bytedeco.javacpp.tools.Builder -print platform)"
log="$classes/../image-kernels-build.log"
if ! java -cp "$classpath" org.bytedeco.javacpp.tools.Builder -cp "$classes" -Dplatform.compiler="$cxx" \
    -Xcompiler -I"$here/cpu" -Xcompiler -std=c++17 "${extra[@]}" \
    -d "$classes/io/imgdiff/image/$platform" io.imgdiff.image.ImageKernels > "$log" 2>&1; then
  tail -20 "$log"
  echo "image kernels: build failed (see $log); PNGs use the JDK decoder"
  exit 0
fi
echo "image kernels: $(find "$classes/io/imgdiff/image" -name 'libjniImageKernels.*' | head -1), inflate by $inflate"
# JPEG: libjpeg-turbo (Debian: libjpeg62-turbo-dev), a library of its own since it links libjpeg.so.62.
if [ -n "$(find_header jpeglib.h)" ]; then
  if java -cp "$classpath" org.bytedeco.javacpp.tools.Builder -cp "$classes" -Dplatform.compiler="$cxx" \
      -Xcompiler -I"$here/cpu" -Xcompiler -std=c++17 \
      -d "$classes/io/imgdiff/image/$platform" io.imgdiff.image.JpegKernels >> "$log" 2>&1; then
    echo "jpeg kernels: $(find "$classes/io/imgdiff/image" -name 'libjniJpegKernels.*' | head -1)"
  else
    tail -20 "$log"
    echo "jpeg kernels: build failed (see $log); JPEGs use the JDK decoder"
  fi
else
  echo "jpeglib.h not found: JPEGs use the JDK decoder"
fi
