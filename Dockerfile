# imgdiff, JVM mode: the default image. The Quarkus fast-jar on the JDK 17 runtime, on a CUDA 13 runtime base, so
# one image runs CPU pools and GPU pools (imgdiff.compute.device=auto picks CUDA where the NVIDIA container
# toolkit gives the pod a driver and a device).
#
#   docker build -t imgdiff:0.1.0 .
#   docker run --rm -p 8080:8080 -e QUARKUS_REDIS_HOSTS=redis://redis:6379 imgdiff:0.1.0 worker --stages detect
#   docker run --rm --gpus all ... imgdiff:0.1.0 worker --stages detect      (CUDA kernels)
#
# The build stage compiles everything from source: nvcc (from the CUDA devel image) builds native/kernels/*.cu into
# target/classes/native/*.fatbin and g++ builds the CPU kernels into
# target/classes/io/imgdiff/compute/cpu/linux-x86_64/libjniCpuKernels.so; both travel inside the application jar
# (target/quarkus-app/app/) as class-path resources, which is where the code loads them from.
# ONNX Runtime on CUDA: --build-arg MAVEN_PROFILES=gpu --build-arg RUNTIME_BASE=nvidia/cuda:13.0.0-cudnn-runtime-ubuntu24.04
# Bytedeco 1.5.13 natives need glibc >= 2.34: Ubuntu 24.04 has 2.39.
ARG RUNTIME_BASE=nvidia/cuda:13.0.0-runtime-ubuntu24.04

FROM nvidia/cuda:13.0.0-devel-ubuntu24.04 AS build
ARG MAVEN_PROFILES=
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven g++ libdeflate-dev libjpeg-turbo8-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Dependencies first, in their own layer: a source change does not download the ~300 MB of jars again.
COPY pom.xml ./
RUN mvn -B -ntp -q dependency:go-offline -Dmaven.test.skip=true ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} || true
COPY native/ native/
COPY src/main/ src/main/
RUN mvn -B -ntp package -DskipTests -Dmaven.test.skip=true ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} \
 && test -f target/quarkus-app/quarkus-run.jar

FROM ${RUNTIME_BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl libjpeg-turbo8 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1001 imgdiff \
 && useradd --uid 1001 --gid 1001 --home-dir /var/cache/imgdiff --no-create-home --shell /usr/sbin/nologin imgdiff \
 && mkdir -p /var/cache/imgdiff/javacpp /var/cache/imgdiff/models /var/cache/imgdiff/djl \
 && chown -R 1001:1001 /var/cache/imgdiff
WORKDIR /opt/imgdiff
# The fast-jar's four parts, least often changed first (Quarkus' own Dockerfile.jvm layout).
COPY --from=build --chown=1001:1001 /build/target/quarkus-app/lib/ /opt/imgdiff/lib/
COPY --from=build --chown=1001:1001 /build/target/quarkus-app/quarkus-run.jar /opt/imgdiff/
COPY --from=build --chown=1001:1001 /build/target/quarkus-app/app/ /opt/imgdiff/app/
COPY --from=build --chown=1001:1001 /build/target/quarkus-app/quarkus/ /opt/imgdiff/quarkus/
# JavaCPP unpacks its natives (~250 MB) on first use: into a writable cache (an emptyDir on Kubernetes, where the
# root filesystem is read-only), not into $HOME. Model downloads and DJL's tokenizer library go beside it.
# 16 MiB G1 regions: a 1024² RGB image (3 MiB) is then an ordinary allocation, not a humongous one (bench pipeline:
# ~1.2x the detect stage's pairs/s at 1024² with 2 threads, BENCHMARKS.md).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:G1HeapRegionSize=16m -Dorg.bytedeco.javacpp.cachedir=/var/cache/imgdiff/javacpp" \
    IMGDIFF_MODELS_CACHE_DIR=/var/cache/imgdiff/models \
    DJL_CACHE_DIR=/var/cache/imgdiff/djl \
    IMGDIFF_COMPUTE_DEVICE=auto \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER 1001:1001
EXPOSE 8080
# Liveness of `worker` and `api` (CLI commands such as submit bind no port and exit on their own).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/q/health/live || exit 1
ENTRYPOINT ["java", "-jar", "/opt/imgdiff/quarkus-run.jar"]
CMD ["worker"]
