#!/bin/sh
# Copies S3Proxy and its dependencies into target/s3proxy-lib (see pom.xml beside this file).
# Called by the main pom's fetch-s3proxy profile: $1 maven home, $2 offline=true or offline=false (as the outer build),
# $3 local repository, $4 output directory.
set -e
here=$(dirname "$0")
offline=""
[ "$2" = "offline=true" ] && offline="-o"
exec "$1/bin/mvn" -B -q $offline -f "$here/pom.xml" -Dmaven.repo.local="$3" -Ds3proxy.lib="$4" \
  dependency:copy-dependencies
