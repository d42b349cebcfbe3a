#!/usr/bin/env bash
# imgdiff soak (RELIABILITY.md): one worker process on a real redis-server (AOF everysec), built-in backends, local
# store, fed run after run of real items (BATCH each, submitted whenever fewer than BATCH/2 wait) for SOAK_MINUTES.
# Every SAMPLE seconds it prints the worker's RSS (/proc) and heap (jstat: used and committed, MiB) and the items
# ended so far. At the end it compares the mean RSS of the first three samples after the warm-up (WARMUP s, default a
# fifth of the run, at least 120 s) with the mean of the last three: above 10 % growth the verdict is GREW (exit 1).
# Usage: tools/soak.sh   (env: SOAK_MINUTES=60 BATCH=500 SAMPLE=30 WARMUP=)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes=${SOAK_MINUTES:-60}; batch=${BATCH:-500}; sample=${SAMPLE:-30}
warmup=${WARMUP:-$(( minutes * 60 / 5 > 120 ? minutes * 60 / 5 : 120 ))}
work="$here/target/soak"; rm -rf "$work"; mkdir -p "$work"/{redis,logs}
jar="$here/target/quarkus-app/quarkus-run.jar"
[ -f "$jar" ] || (cd "$here" && mvn -q -B -ntp package -DskipTests)
redis_bin=$(command -v redis-server || true)
if [ -z "$redis_bin" ]; then
  redis_jar=$(find ~/.m2/repository/org/signal/embedded-redis -name 'embedded-redis-*.jar' | head -1)
  (cd "$work" && unzip -q -o "$redis_jar" 'redis-server-*-linux-amd64' && chmod +x redis-server-*-linux-amd64)
  redis_bin=$(ls "$work"/redis-server-*-linux-amd64)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$port" IMGDIFF_STORE_LOCAL_ROOT="$work/store" QUARKUS_HTTP_PORT=0
java_cmd=(java -Xmx384m -XX:+UseSerialGC -Dorg.bytedeco.javacpp.cachedir="$here/target/javacpp-cache" -jar "$jar")
"$redis_bin" --port "$port" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes --appendfsync everysec --save '' \
  >"$work/logs/redis.log" 2>&1 &
redis_pid=$!; worker_pid=""
trap '[ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null; kill "$redis_pid" 2>/dev/null || true' EXIT
sleep 1
log() { echo "soak $(date -u +%H:%M:%S) $*"; }
ended() { # items ended over every run so far
  local n=0 r
  for r in $(seq 1 "$runs"); do
    n=$((n + $(python3 "$here/tools/chaos_check.py" "$port" "soak-$r" \
      | jq '(.counters.done // 0) + (.counters.dropped // 0) + (.counters.failed // 0)')))
  done
  echo "$n"
}
nouns=(cat dog horse car bus chair couch cup bowl apple banana clock vase book umbrella bicycle)
runs=0
submit() {
  runs=$((runs + 1))
  for i in $(seq 0 $((batch - 1))); do
    printf '{"id":"%06d","caption":"a %s next to a %s on a table"}\n' "$i" "${nouns[$(((i + runs) % 16))]}" \
      "${nouns[$(((i * 7 + runs) % 16))]}"
  done >"$work/in.jsonl"
  "${java_cmd[@]}" submit "$work/in.jsonl" --run "soak-$runs" --set generate.width=96 --set generate.height=96 \
    --set seed="$runs" >>"$work/logs/submit.log" 2>&1
}
log "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
submit; submit
"${java_cmd[@]}" worker --concurrency 2 >"$work/logs/worker.log" 2>&1 &
worker_pid=$!
t0=$(date +%s); end=$((t0 + minutes * 60)); next=$t0
: >"$work/samples.tsv"
while [ "$(date +%s)" -lt "$end" ]; do
  kill -0 "$worker_pid" 2>/dev/null || { log "worker died: $(tail -3 "$work/logs/worker.log")"; exit 1; }
  n=$(ended)
  [ $((runs * batch - n)) -lt $((batch / 2)) ] && submit
  if [ "$(date +%s)" -ge "$next" ]; then
    t=$(( $(date +%s) - t0 ))
    rss=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$worker_pid/status")
    read -r used committed < <(jstat -gc "$worker_pid" | awk 'NR==2{printf "%d %d\n", ($3+$4+$6+$8)/1024, ($1+$2+$5+$7)/1024}')
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$rss" "$used" "$committed" "$n" >>"$work/samples.tsv"
    log "t=${t}s rss=${rss}MiB heap_used=${used}MiB heap_committed=${committed}MiB items_ended=$n runs=$runs"
    next=$((next + sample))
  fi
  sleep 2
done
kill -TERM "$worker_pid"; wait "$worker_pid" 2>/dev/null || true; worker_pid=""
log "machine: load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' -v w="$warmup" -v minutes="$minutes" '
  { t[NR]=$1; r[NR]=$2; u[NR]=$3; n=$5 }
  $1 >= w && k < 3 { base += $2; k++; if (!first) first = NR }
  END {
    if (k < 3 || NR - first < 5) { print "verdict: TOO SHORT (fewer than 8 samples after the warm-up of " w " s)"; exit 2 }
    last = (r[NR] + r[NR-1] + r[NR-2]) / 3; base /= 3
    g = 100 * (last - base) / base
    printf "soak %d min: %d items ended; RSS %d MiB at start, %.0f MiB after warm-up (%d s), %.0f MiB at the end (+%.1f %%);"\
      " heap used %d -> %d MiB\n", minutes, n, r[1], base, w, last, g, u[1], u[NR]
    if (g > 10) { print "verdict: GREW (RSS more than 10 % above its post-warm-up level)"; exit 1 }
    print "verdict: PASS (RSS within 10 % of its post-warm-up level)"
  }' "$work/samples.tsv"
