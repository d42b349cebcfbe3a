#!/usr/bin/env bash
# imgdiff chaos run (RELIABILITY.md): a real redis-server (AOF everysec), a real S3Proxy process as the object store,
# a stub OpenAI-compatible vision server (tools/model_stub.py) for the caption stage, and N worker processes take K
# items through every stage while faults are injected — kill -9 of workers, SIGTERM mid-batch, a kill -9 + restart
# of redis-server, poison jobs, S3 down for S3_DOWN seconds, the model server hanging / answering 500 / answering
# garbage — then it checks what the queue promises: every item ended exactly once (0 lost), the export has no
# duplicates, run counters equal the item records, no item failed because of the store outage, every planned fault
# was injected. Prints the figures and a verdict: PASS (exit 0), FAIL (exit 1).
# Usage: tools/chaos.sh [ITEMS] [WORKERS]
#   env: KILLS=10 TERMS=2 REDIS_RESTARTS=1 FAULT_EVERY=4 TIMEOUT=1800
#        STORE=s3|local  S3_DOWN=30 (s; 0: none) S3_DOWN_AT=15 (s after the workers start)
#        MODEL=stub|builtin  MODEL_FAULTS="hang:10 500:10 garbage:5" (mode:seconds, in order) MODEL_FAULTS_AT=60
#        MODEL_GAP=10 (s of normal answers between model faults)
#        JAR= (another build of the app, e.g. to show a fixed bug)
#        REDIS_PERSIST=aof|none: none restarts redis-server empty (no AOF, no snapshot): the run is lost; the script
#        then submits a probe run that must still complete, and reports the lost run (verdict RUN LOST, exit 2)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
items=${1:-2000}; workers=${2:-3}
kills=${KILLS:-10}; terms=${TERMS:-2}; restarts=${REDIS_RESTARTS:-1}; every=${FAULT_EVERY:-4}; timeout=${TIMEOUT:-1800}
store=${STORE:-s3}; s3_down=${S3_DOWN:-30}; s3_down_at=${S3_DOWN_AT:-15}
model=${MODEL:-stub}; model_faults=${MODEL_FAULTS:-hang:10 500:10 garbage:5}; model_at=${MODEL_FAULTS_AT:-60}
model_gap=${MODEL_GAP:-10}; persist=${REDIS_PERSIST:-aof}; probe_items=20
[ "$store" = s3 ] || s3_down=0
[ "$model" = stub ] || model_faults=""
work="$here/target/chaos"; rm -rf "$work"; mkdir -p "$work"/{redis,logs,export,s3/data}
jar=${JAR:-$here/target/quarkus-app/quarkus-run.jar}
[ -f "$jar" ] || (cd "$here" && mvn -q -B -ntp package -DskipTests)
redis_jar=$(find ~/.m2/repository/org/signal/embedded-redis -name 'embedded-redis-*.jar' | head -1)
redis_bin=$(command -v redis-server || true)
if [ -z "$redis_bin" ]; then
  (cd "$work" && unzip -q -o "$redis_jar" 'redis-server-*-linux-amd64' && chmod +x redis-server-*-linux-amd64)
  redis_bin=$(ls "$work"/redis-server-*-linux-amd64)
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$port" IMGDIFF_STORE_LOCAL_ROOT="$work/store" QUARKUS_HTTP_PORT=0 \
  IMGDIFF_QUEUE_VISIBILITY_TIMEOUT=10s IMGDIFF_QUEUE_HEARTBEAT=2s IMGDIFF_QUEUE_BACKOFF_BASE=200ms \
  IMGDIFF_QUEUE_BACKOFF_MAX=2s IMGDIFF_WORKER_SHUTDOWN_GRACE=3s QUARKUS_REDIS_RECONNECT_ATTEMPTS=100
java_cmd=(java -Xmx384m -XX:+UseSerialGC -Dorg.bytedeco.javacpp.cachedir="$here/target/javacpp-cache" -jar "$jar")
redis_pid=""; s3_pid=""; model_pid=""; declare -a wpids=()
declare -A faults=([kill9]=0 [sigterm]=0 [redis_restart]=0 [s3_down]=0 [hang]=0 [500]=0 [garbage]=0)
log() { echo "chaos $(date -u +%H:%M:%S) $*"; }
answers() { # host:port answers HTTP (any status)
  [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$1/" || true)" != "000" ]
}

start_redis() { # aof | none (an empty server: no AOF, no snapshot, its directory emptied)
  local p=(--appendonly yes --appendfsync everysec)
  if [ "$1" = none ]; then rm -rf "$work/redis"/*; p=(--appendonly no); fi
  "$redis_bin" --port "$port" --bind 127.0.0.1 --dir "$work/redis" "${p[@]}" \
    --save '' --protected-mode yes >>"$work/logs/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 && read -r -t 1 l <&3 && [[ $l == +PONG* ]]) \
        2>/dev/null; then return; fi
    sleep 0.1
  done
  echo "redis-server did not start; see $work/logs/redis.log" >&2; exit 1
}

# S3Proxy (filesystem backend) as its own process; the same data directory across restarts, so objects survive
s3_port=""; s3_lib="$here/target/s3proxy-lib"
start_s3() {
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -Dlogback.configurationFile="$work/s3/logback.xml" \
    -cp "$s3_lib/*" org.gaul.s3proxy.Main --properties "$work/s3/s3proxy.conf" >>"$work/logs/s3proxy.log" 2>&1 &
  s3_pid=$!
  for _ in $(seq 600); do answers "127.0.0.1:$s3_port" && return; sleep 0.1; done
  echo "S3Proxy did not start; see $work/logs/s3proxy.log" >&2; exit 1
}
if [ "$store" = s3 ]; then
  if [ ! -f "$s3_lib/s3proxy-2.6.0.jar" ]; then # the test build's copy (profile fetch-s3proxy); offline once in ~/.m2
    mvn -B -q -o -f "$here/src/test/s3proxy/pom.xml" -Ds3proxy.lib="$s3_lib" dependency:copy-dependencies
  fi
  s3_port=$(free_port)
  cat >"$work/s3/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=chaos
s3proxy.credential=chaos-secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3/data
jclouds.identity=unused
jclouds.credential=unused
EOF
  cat >"$work/s3/logback.xml" <<'EOF'
<configuration><statusListener class="ch.qos.logback.core.status.NopStatusListener"/>
<appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} %msg%n</pattern></encoder></appender>
<root level="WARN"><appender-ref ref="OUT"/></root></configuration>
EOF
  export IMGDIFF_STORE_TYPE=s3 IMGDIFF_STORE_S3_ENDPOINT="http://127.0.0.1:$s3_port" IMGDIFF_STORE_S3_REGION=us-east-1 \
    IMGDIFF_STORE_S3_ACCESS_KEY=chaos IMGDIFF_STORE_S3_SECRET_KEY=chaos-secret IMGDIFF_STORE_S3_BUCKET=chaos
fi

model_port=""; model_set=()
set_mode() { curl -s -m 5 -X POST --data "$1" "http://127.0.0.1:$model_port/_stub/mode" >/dev/null; }
if [ "$model" = stub ]; then
  python3 "$here/tools/model_stub.py" "$work/model.port" stub-vision >>"$work/logs/model.log" 2>&1 &
  model_pid=$!
  for _ in $(seq 100); do [ -s "$work/model.port" ] && break; sleep 0.1; done
  model_port=$(cat "$work/model.port")
  # timeout below the hang, the client's own retries (3) quick: a fault window outlasts one job's retries
  export IMGDIFF_MODELS_OPENAI_BASE_URL="http://127.0.0.1:$model_port/v1" IMGDIFF_MODELS_OPENAI_VISION_MODEL=stub-vision \
    IMGDIFF_MODELS_OPENAI_REQUEST_TIMEOUT=2s IMGDIFF_MODELS_OPENAI_RETRY_BACKOFF=500ms \
    IMGDIFF_MODELS_OPENAI_RETRY_BACKOFF_MAX=2s
  model_set=(--set caption.backend=openai)
fi

start_worker() { # slot
  "${java_cmd[@]}" worker --concurrency 2 >>"$work/logs/worker-$1.log" 2>&1 &
  wpids[$1]=$!
}
check() { python3 "$here/tools/chaos_check.py" "$port" "$1"; }
finished() { check "$1" | jq '(.counters.done // 0) + (.counters.dropped // 0) + (.counters.failed // 0)'; }
cleanup() {
  for p in "${wpids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "$redis_pid" "$s3_pid" "$model_pid"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

log "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
start_redis aof
[ "$store" = s3 ] && start_s3 && log "S3Proxy on $s3_port (pid $s3_pid)"
[ "$model" = stub ] && log "model stub on $model_port (pid $model_pid)"
nouns=(cat dog horse car bus chair couch cup bowl apple banana clock vase book umbrella bicycle)
for i in $(seq 0 $((items - 1))); do
  printf '{"id":"%06d","caption":"a %s next to a %s in a park"}\n' "$i" "${nouns[$((i % 16))]}" "${nouns[$(((i * 7 + 3) % 16))]}"
done >"$work/captions.jsonl"
head -n "$probe_items" "$work/captions.jsonl" >"$work/probe.jsonl"
# poison jobs: image pairs that cannot be decoded (empty, text, truncated PNG); each must end FAILED or DROPPED
mkdir -p "$work/poison"; : >"$work/poison/empty.png"; echo "not an image" >"$work/poison/text.png"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02' >"$work/poison/trunc.png"
for b in empty text trunc; do printf '{"id":"%s","imageA":"%s.png","imageB":"%s.png"}\n' "$b" "$b" "$b"; done >"$work/poison/in.jsonl"
t0=$(date +%s)
"${java_cmd[@]}" submit "$work/captions.jsonl" --run chaos --set generate.width=96 --set generate.height=96 \
  --set seed=7 "${model_set[@]}" >"$work/logs/submit.log" 2>&1
"${java_cmd[@]}" submit "$work/poison/in.jsonl" --run chaos-poison >>"$work/logs/submit.log" 2>&1
log "submitted $items items + 3 poison pairs; starting $workers workers (redis on $port, store $store, model $model)"
for w in $(seq 0 $((workers - 1))); do start_worker "$w"; done
t1=$(date +%s)

# the model faults in order, "mode seconds" each: the first MODEL_FAULTS_AT s after the workers started, each next
# one MODEL_GAP s after the previous ended; a window is timed from the moment the stub switched
declare -a mplan=(); for f in $model_faults; do mplan+=("${f%%:*} ${f##*:}"); done
mnext=0; mmode=normal; mdue=$model_at; mend=0; s3_up_at=0; s3_stopped=0; s3_outage=0
lost_run=0; probe_submitted=0; redis_lost_at=""
next_fault=$(( $(date +%s) + every )); nfault=0
while true; do
  now=$(date +%s); el=$((now - t1))
  if [ "$persist" = none ] && [ "$probe_submitted" = 1 ]; then
    # the run was lost with Redis' data: wait for the probe run only, it shows the workers still serve
    probe_n=$(finished chaos-after 2>/dev/null || echo -1)
    if [ "$probe_n" -ge "$probe_items" ]; then lost_run=1; break; fi
  else
    done_n=$(finished chaos 2>/dev/null || echo -1); poison_n=$(finished chaos-poison 2>/dev/null || echo -1)
    if [ "$done_n" -ge "$items" ] && [ "$poison_n" -ge 3 ]; then break; fi
  fi
  if [ $((now - t0)) -gt "$timeout" ]; then log "timeout after ${timeout}s"; break; fi
  for w in "${!wpids[@]}"; do # a supervisor (Kubernetes) restarts workers that died
    kill -0 "${wpids[$w]}" 2>/dev/null || { wait "${wpids[$w]}" 2>/dev/null || true; start_worker "$w"; }
  done
  # S3 down for s3_down seconds (SIGTERM; started again on the same data directory)
  if [ "$s3_down" -gt 0 ] && [ "${faults[s3_down]}" = 0 ] && [ "$el" -ge "$s3_down_at" ]; then
    kill -TERM "$s3_pid"; wait "$s3_pid" 2>/dev/null || true; s3_stopped=$(date +%s); s3_up_at=$((s3_stopped + s3_down))
    faults[s3_down]=1; log "S3Proxy stopped for ${s3_down}s (${done_n:-?}/$items ended)"
  elif [ "$s3_up_at" -gt 0 ] && [ "$now" -ge "$s3_up_at" ]; then
    start_s3; s3_up_at=0; s3_outage=$(( $(date +%s) - s3_stopped ))
    log "S3Proxy answers again after ${s3_outage}s down (${done_n:-?}/$items ended)"
  fi
  # model server faults, each for its window, normal answers between
  if [ "$mnext" -lt "${#mplan[@]}" ]; then
    read -r mname msecs <<<"${mplan[$mnext]}"
    if [ "$mmode" = normal ] && [ "$el" -ge "$mdue" ]; then
      set_mode "$mname"; mmode=$mname; mend=$(( $(date +%s) + msecs )); faults[$mname]=1
      log "model server: $mname for ${msecs}s (${done_n:-?}/$items ended)"
    elif [ "$mmode" != normal ] && [ "$now" -ge "$mend" ]; then
      set_mode normal; mmode=normal; mnext=$((mnext + 1)); mdue=$(( $(date +%s) - t1 + model_gap ))
      log "model server: normal again"
    fi
  fi
  # no worker faults while S3 is down: workers restarted then only fail at start-up, and the outage must meet
  # running workers to show anything
  if [ "$now" -ge "$next_fault" ] && [ "$s3_up_at" = 0 ]; then
    w=$((RANDOM % workers)); nfault=$((nfault + 1))
    # with REDIS_PERSIST=none the restart comes third, so that the rest of the run shows what follows it
    redis_due=$([ "${faults[redis_restart]}" -lt "$restarts" ] && { [ "$persist" = none ] && [ "$nfault" -ge 3 ] \
      || { [ "${faults[kill9]}" -ge "$kills" ] && [ "${faults[sigterm]}" -ge "$terms" ]; }; } && echo 1 || echo 0)
    if [ "$redis_due" = 1 ]; then
      kill -9 "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; sleep 2; start_redis "$persist"
      faults[redis_restart]=$((faults[redis_restart] + 1))
      log "redis-server kill -9 + restart ($([ "$persist" = none ] && echo EMPTY, no persistence || echo from AOF); ${done_n:-?}/$items ended)"
      if [ "$persist" = none ]; then
        redis_lost_at=${done_n:-?}
        "${java_cmd[@]}" submit "$work/probe.jsonl" --run chaos-after --set generate.width=96 --set generate.height=96 \
          "${model_set[@]}" >>"$work/logs/submit.log" 2>&1 && probe_submitted=1 && log "probe run chaos-after submitted ($probe_items items)"
      fi
    elif [ "${faults[kill9]}" -lt "$kills" ] && { [ $((nfault % 4)) -ne 0 ] || [ "${faults[sigterm]}" -ge "$terms" ]; }; then
      kill -9 "${wpids[$w]}" 2>/dev/null && faults[kill9]=$((faults[kill9] + 1)) && log "kill -9 worker $w (${done_n:-?}/$items ended)"
    elif [ "${faults[sigterm]}" -lt "$terms" ]; then
      kill -TERM "${wpids[$w]}" 2>/dev/null && faults[sigterm]=$((faults[sigterm] + 1)) && log "SIGTERM worker $w (${done_n:-?}/$items ended)"
    fi
    next_fault=$((now + every))
  fi
  sleep 1
done
wall=$(( $(date +%s) - t0 ))
[ "$mmode" != normal ] && set_mode normal
[ "$s3_up_at" -gt 0 ] && start_s3
# stop like a kubelet: SIGTERM, then kill -9 after a 30 s grace period
for p in "${wpids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
for _ in $(seq 30); do
  alive=0; for p in "${wpids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ "$alive" -eq 0 ] && break; sleep 1
done
ignored=0
for p in "${wpids[@]}"; do kill -0 "$p" 2>/dev/null && { log "worker $p ignored SIGTERM for 30 s: kill -9"; kill -9 "$p"; ignored=$((ignored + 1)); }; done
wpids=()
planned="kill -9 $kills, SIGTERM $terms, redis restarts $restarts ($persist)"
injected="kill -9 ${faults[kill9]}, SIGTERM ${faults[sigterm]}, redis restarts ${faults[redis_restart]} ($persist)"
[ "$s3_down" -gt 0 ] && planned+=", S3 down ${s3_down}s" \
  && injected+=", S3 down ${faults[s3_down]}x (stopped ${s3_down}s, answering again after ${s3_outage}s)"
for f in $model_faults; do planned+=", model ${f%%:*} ${f##*:}s"; injected+=", model ${f%%:*} ${faults[${f%%:*}]}x"; done
all_injected=$([ "${faults[kill9]}" -ge "$kills" ] && [ "${faults[sigterm]}" -ge "$terms" ] \
  && [ "${faults[redis_restart]}" -ge "$restarts" ] && { [ "$s3_down" = 0 ] || [ "${faults[s3_down]}" = 1 ]; } \
  && [ "$mnext" -ge "${#mplan[@]}" ] && echo true || echo false)
[ "$model" = stub ] && log "model stub requests: $(curl -s -m 5 "http://127.0.0.1:$model_port/_stub/stats" | jq -c .requests)"
starts=$(cat "$work"/logs/worker-*.log | grep -c "serving \[" || true)
failed_starts=$(cat "$work"/logs/worker-*.log | grep -c "Failed to start application" || true)
given_back=$(cat "$work"/logs/worker-*.log | grep -c "object store unavailable" || true)
log "worker processes that reached serving: $starts; failed at start-up (S3 down while starting; restarted): $failed_starts"
log "store-outage warnings of running workers (jobs given back unspent; logged 1, 2, 4, 8… per streak): $given_back"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$persist" = none ]; then
  check chaos >"$work/chaos.json"; check chaos-after >"$work/after.json"
  status_line=$("${java_cmd[@]}" status chaos 2>&1 | tail -1 || true)
  jq -r --arg st "$status_line" --arg at "$redis_lost_at" --arg items "$items" --arg wall "$wall" --arg inj "$injected" '
    "run chaos: record exists after the empty restart: \(.exists); item records left: \(.items); dead letters naming it: \(.dead | length)",
    "  \($at)/\($items) items had ended before Redis restarted empty; those results and the other items are lost",
    "imgdiff status chaos -> \($st)",
    "faults: \($inj); wall \($wall) s"' "$work/chaos.json"
  jq -r '"probe run chaos-after (submitted after the restart): \(.statuses), counters \(.counters | {done, dropped, failed})"' "$work/after.json"
  if [ "$lost_run" = 1 ] && [ "$(jq .exists "$work/chaos.json")" = false ]; then
    echo "verdict: RUN LOST — Redis restarted without persistence lost run 'chaos'; workers kept serving (probe run complete)"
    exit 2
  fi
  echo "verdict: FAIL — expected the run gone and the probe run complete (probe finished: $lost_run)"; exit 1
fi

"${java_cmd[@]}" export chaos --out "$work/export" >"$work/logs/export.log" 2>&1 || log "export failed: $(tail -1 "$work/logs/export.log")"
check chaos >"$work/chaos.json"; check chaos-poison >"$work/poison.json"
dup=$(jq '[.[].id] | length - (unique | length)' "$work/export/conversations.json" 2>/dev/null || echo "-1")
lines=$(wc -l <"$work/export/items.jsonl" 2>/dev/null || echo 0)
uniq_lines=$(cut -d, -f1 "$work/export/items.jsonl" 2>/dev/null | sort -u | wc -l)
jq -r --argjson items "$items" --argjson dup "$dup" --argjson lines "$lines" --argjson uniq "$uniq_lines" \
  --arg wall "$wall" --arg planned "$planned" --arg injected "$injected" --argjson all "$all_injected" \
  --argjson ignored "$ignored" --argjson given_back "$given_back" --argjson s3_down "$s3_down" --slurpfile poison "$work/poison.json" '
  def n(k): .counters[k] // 0;
  (n("done") + n("dropped") + n("failed")) as $fin
  | ([.stages[] | (.queued // 0) - (.passed // 0) - (.failed // 0)
       - ([to_entries[] | select(.key | startswith("dropped:")) | .value] | add // 0)] | map(select(. != 0)) | length) as $bad
  | ((.statuses.DONE // 0) == n("done") and (.statuses.DROPPED // 0) == n("dropped")
       and (.statuses.FAILED // 0) == n("failed") and $bad == 0 and .items == $items) as $consistent
  | ($poison[0] | ((.statuses.FAILED // 0) + (.statuses.DROPPED // 0))) as $poisoned
  | (.causes["object store"] // 0) as $store_failed
  | [ (if $items - $fin != 0 then "\($items - $fin) items lost" else empty end),
      (if $dup != 0 or $lines != $uniq or $lines != $items then "duplicates or missing lines in the export" else empty end),
      (if $consistent | not then "counters inconsistent" else empty end),
      (if $poisoned != 3 then "poison jobs ended \($poisoned)/3" else empty end),
      (if $store_failed != 0 then "\($store_failed) items failed because of the store outage" else empty end),
      (if $s3_down > 0 and $given_back == 0 then "no running worker met the S3 outage" else empty end),
      (if $ignored != 0 then "\($ignored) workers ignored SIGTERM" else empty end),
      (if $all | not then "not every planned fault was injected (the run ended first)" else empty end) ] as $why
  | "submitted \($items)  done \(n("done"))  dropped \(n("dropped"))  failed \(n("failed"))  lost \($items - $fin)",
    "item records: \(.statuses)  (run records \(.items))",
    "counters consistent: \($consistent)",
    "export: \($lines) item lines, \($uniq) distinct; duplicated conversation entries: \($dup)",
    "dead letters: \(.dead | length) by cause \(.causes)",
    (.dead | group_by(.cause)[] | "  \(.[0].cause): \(length), e.g. \(.[0].stage): \(.[0].error[:170])"),
    "poison run: \($poison[0].statuses), dead letters \($poison[0].dead | length): \($poison[0].dead | map(.error[:60]))",
    "faults planned: \($planned)",
    "faults injected: \($injected); wall \($wall) s",
    (if ($why | length) == 0 then "verdict: PASS" else "verdict: FAIL — \($why | join("; "))" end)' "$work/chaos.json" \
  | tee "$work/verdict.txt"
grep -q '^verdict: PASS' "$work/verdict.txt"
