#!/usr/bin/env bash
# imgdiff chaos run (RELIABILITY.md): a real redis-server (AOF everysec) and N worker processes on the built-in
# backends take K items through every stage while faults are injected — kill -9 of workers, SIGTERM mid-batch, a
# kill -9 + restart of redis-server, poison jobs — then it checks what the queue promises: every item ended exactly
# once (0 lost), the export has no duplicates, run counters equal the item records, and prints the figures.
# Usage: tools/chaos.sh [ITEMS] [WORKERS]   (env: KILLS=10 TERMS=2 REDIS_RESTARTS=1 FAULT_EVERY=6 TIMEOUT=1800)
# Not (yet) injected: S3 outage (the run uses the local store) and a hanging / 500 / garbage model server.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
items=${1:-2000}; workers=${2:-3}
kills=${KILLS:-10}; terms=${TERMS:-2}; restarts=${REDIS_RESTARTS:-1}; every=${FAULT_EVERY:-6}; timeout=${TIMEOUT:-1800}
work="$here/target/chaos"; rm -rf "$work"; mkdir -p "$work"/{redis,logs,export}
jar="$here/target/quarkus-app/quarkus-run.jar"
[ -f "$jar" ] || (cd "$here" && mvn -q -B -ntp package -DskipTests)
redis_jar=$(find ~/.m2/repository/org/signal/embedded-redis -name 'embedded-redis-*.jar' | head -1)
redis_bin=$(command -v redis-server || true)
if [ -z "$redis_bin" ]; then
  (cd "$work" && unzip -q -o "$redis_jar" 'redis-server-*-linux-amd64' && chmod +x redis-server-*-linux-amd64)
  redis_bin=$(ls "$work"/redis-server-*-linux-amd64)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$port" IMGDIFF_STORE_LOCAL_ROOT="$work/store" QUARKUS_HTTP_PORT=0 \
  IMGDIFF_QUEUE_VISIBILITY_TIMEOUT=10s IMGDIFF_QUEUE_HEARTBEAT=2s IMGDIFF_QUEUE_BACKOFF_BASE=200ms \
  IMGDIFF_QUEUE_BACKOFF_MAX=2s IMGDIFF_WORKER_SHUTDOWN_GRACE=3s QUARKUS_REDIS_RECONNECT_ATTEMPTS=100
java_cmd=(java -Xmx384m -XX:+UseSerialGC -Dorg.bytedeco.javacpp.cachedir="$here/target/javacpp-cache" -jar "$jar")
redis_pid=""; declare -a wpids=(); declare -A faults=([kill9]=0 [sigterm]=0 [redis_restart]=0)
log() { echo "chaos $(date -u +%H:%M:%S) $*"; }

start_redis() {
  "$redis_bin" --port "$port" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes --appendfsync everysec \
    --save '' --protected-mode yes >>"$work/logs/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 && read -r -t 1 l <&3 && [[ $l == +PONG* ]]) \
        2>/dev/null; then return; fi
    sleep 0.1
  done
  echo "redis-server did not start; see $work/logs/redis.log" >&2; exit 1
}
start_worker() { # slot
  "${java_cmd[@]}" worker --concurrency 2 >>"$work/logs/worker-$1.log" 2>&1 &
  wpids[$1]=$!
}
check() { python3 "$here/tools/chaos_check.py" "$port" "$1"; }
finished() { check "$1" | jq '(.counters.done // 0) + (.counters.dropped // 0) + (.counters.failed // 0)'; }
cleanup() { for p in "${wpids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null || true; }
trap cleanup EXIT

start_redis
nouns=(cat dog horse car bus chair couch cup bowl apple banana clock vase book umbrella bicycle)
for i in $(seq 0 $((items - 1))); do
  printf '{"id":"%06d","caption":"a %s next to a %s in a park"}\n' "$i" "${nouns[$((i % 16))]}" "${nouns[$(((i * 7 + 3) % 16))]}"
done >"$work/captions.jsonl"
# poison jobs: image pairs that cannot be decoded (empty, text, truncated PNG); each must end FAILED or DROPPED
mkdir -p "$work/poison"; : >"$work/poison/empty.png"; echo "not an image" >"$work/poison/text.png"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02' >"$work/poison/trunc.png"
for b in empty text trunc; do printf '{"id":"%s","imageA":"%s.png","imageB":"%s.png"}\n' "$b" "$b" "$b"; done >"$work/poison/in.jsonl"
t0=$(date +%s)
"${java_cmd[@]}" submit "$work/captions.jsonl" --run chaos --set generate.width=96 --set generate.height=96 \
  --set seed=7 >"$work/logs/submit.log" 2>&1
"${java_cmd[@]}" submit "$work/poison/in.jsonl" --run chaos-poison >>"$work/logs/submit.log" 2>&1
log "submitted $items items + 3 poison pairs; starting $workers workers (redis on $port)"
for w in $(seq 0 $((workers - 1))); do start_worker "$w"; done

next_fault=$(( $(date +%s) + every )); nfault=0
while true; do
  now=$(date +%s)
  done_n=$(finished chaos 2>/dev/null || echo -1); poison_n=$(finished chaos-poison 2>/dev/null || echo -1)
  if [ "$done_n" -ge "$items" ] && [ "$poison_n" -ge 3 ]; then break; fi
  if [ $((now - t0)) -gt "$timeout" ]; then log "timeout after ${timeout}s"; break; fi
  for w in "${!wpids[@]}"; do # a supervisor (Kubernetes) restarts workers that died
    kill -0 "${wpids[$w]}" 2>/dev/null || { wait "${wpids[$w]}" 2>/dev/null || true; start_worker "$w"; }
  done
  if [ "$now" -ge "$next_fault" ]; then
    w=$((RANDOM % workers)); nfault=$((nfault + 1))
    if [ "${faults[kill9]}" -lt "$kills" ] && { [ $((nfault % 4)) -ne 0 ] || [ "${faults[sigterm]}" -ge "$terms" ]; }; then
      kill -9 "${wpids[$w]}" 2>/dev/null && faults[kill9]=$((faults[kill9] + 1)) && log "kill -9 worker $w ($done_n/$items done)"
    elif [ "${faults[sigterm]}" -lt "$terms" ]; then
      kill -TERM "${wpids[$w]}" 2>/dev/null && faults[sigterm]=$((faults[sigterm] + 1)) && log "SIGTERM worker $w ($done_n/$items done)"
    elif [ "${faults[redis_restart]}" -lt "$restarts" ]; then
      kill -9 "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; sleep 2; start_redis
      faults[redis_restart]=$((faults[redis_restart] + 1)); log "redis-server kill -9 + restart from AOF ($done_n/$items done)"
    fi
    next_fault=$((now + every))
  fi
  sleep 1
done
wall=$(( $(date +%s) - t0 ))
# stop like a kubelet: SIGTERM, then kill -9 after a 30 s grace period
for p in "${wpids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
for _ in $(seq 30); do
  alive=0; for p in "${wpids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ "$alive" -eq 0 ] && break; sleep 1
done
for p in "${wpids[@]}"; do kill -0 "$p" 2>/dev/null && { log "worker $p ignored SIGTERM for 30 s: kill -9"; kill -9 "$p"; }; done
wpids=()
"${java_cmd[@]}" export chaos --out "$work/export" >"$work/logs/export.log" 2>&1 || log "export failed: $(tail -1 "$work/logs/export.log")"
check chaos >"$work/chaos.json"; check chaos-poison >"$work/poison.json"
dup=$(jq '[.[].id] | length - (unique | length)' "$work/export/conversations.json" 2>/dev/null || echo "?")
lines=$(wc -l <"$work/export/items.jsonl" 2>/dev/null || echo 0)
uniq_lines=$(cut -d, -f1 "$work/export/items.jsonl" 2>/dev/null | sort -u | wc -l)
jq -r --argjson items "$items" --arg dup "$dup" --arg lines "$lines" --arg uniq "$uniq_lines" --arg wall "$wall" \
  --arg faults "kill -9 ${faults[kill9]}, SIGTERM ${faults[sigterm]}, redis restarts ${faults[redis_restart]}" '
  def n(k): .counters[k] // 0;
  (n("done") + n("dropped") + n("failed")) as $fin
  | ([.stages[] | (.queued // 0) - (.passed // 0) - (.failed // 0)
       - ([to_entries[] | select(.key | startswith("dropped:")) | .value] | add // 0)] | map(select(. != 0)) | length) as $bad
  | "submitted \($items)  done \(n("done"))  dropped \(n("dropped"))  failed \(n("failed"))  lost \($items - $fin)",
    "item records: \(.statuses)  (run records \(.items))",
    "counters consistent: \((.statuses.DONE // 0) == n("done") and (.statuses.DROPPED // 0) == n("dropped")
       and (.statuses.FAILED // 0) == n("failed") and $bad == 0 and .items == $items)",
    "export: \($lines) item lines, \($uniq) distinct; duplicated conversation entries: \($dup)",
    "dead letters: \(.dead | length) \(.dead[:3] | map(.stage + ": " + .error))",
    "faults: \($faults); wall \($wall) s"' "$work/chaos.json"
jq -r '"poison run: \(.statuses), dead letters \(.dead | length): \(.dead | map(.error[:90]))"' "$work/poison.json"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
