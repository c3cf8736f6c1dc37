#!/usr/bin/env bash
# Scaling out on one machine: a backlog of synthetic subjects (16 streams, keyed by stream id) on P partitions is
# learned (a) by one service instance in a fresh consumer group, then (b) by two instances sharing another group
# (Kafka gives each about half of the partitions). Reported for each: the learning rate over the middle of the
# backlog (from 10 % to 90 % of its events learned: JVM start, group join and the last partition's tail left out),
# the rate from ready to the last event learned, and the ratio (b)/(a). Each instance is its own JVM; all share the
# machine's cores with the host's broker; the cores they keep busy (CPU time / wall time) and the load average are
# printed, since on a small machine the cores, not the partitions, bound the gain. The two instances of (b) use static membership (group.instance-id) so
# that both learn from the first moment, each its own half: before the backlog is published they join the group
# once (the partitions split between them), stop (a static member does not leave the group on close), and are
# restarted together for (b) within group.session-timeout-ms, each getting its partitions back without a rebalance.
# (Started cold, the first one ready would take every partition and learn alone until the second joined and a
# rebalance moved half of them: the in-process broker assigns a new group at once.)
#
# Partitions: Kafka puts a stream on partition murmur2(stream id) mod P, and the service's range assignor gives each
# of two instances a contiguous half of the partitions. The 16 synthetic ids user01..user16 fall 4/6/0/6 on 4
# partitions (10 streams against 6: at most 1.5x), 3/4/1/4/0/4 on 6 (8 against 8), hence the default of 6. Each
# instance's partitions and its models' streams and events per partition are printed (from /models, refreshed
# every second).
#
# usage: service/scripts/bench-scaleout.sh [MODE [PARTITIONS]]   MODE = event (default) | tick, PARTITIONS = 6
# Environment: SUBJECTS (synthetic training subjects; 4 held-out ones are added) [12], HIDDEN [256];
# MEASURED_JAVA_OPTS: JVM options of the measured instances, where {name} becomes the instance's name (one, two-a,
# two-b), e.g. "-XX:StartFlightRecording=filename=/tmp/so-{name}.jfr,settings=profile" [].
# Build first: mvn -B -q -DskipTests package. Needs curl, awk and bc. Ports 18181-18184 must be free.
set -euo pipefail
MODE=${1:-event}; P=${2:-6}; SUBJECTS=${SUBJECTS:-12}; HIDDEN=${HIDDEN:-256}; MEASURED_JAVA_OPTS=${MEASURED_JAVA_OPTS:-}
[ "$P" -ge 2 ] || { echo "PARTITIONS must be at least 2 (two instances share them)" >&2; exit 2; }
. "$(dirname "$0")/common.sh"   # JAR, OUT, PIDS (stopped on exit), now, ready
PORT=18181
learned() { curl -s "localhost:$1/metrics" | awk '/^naca_events_total / {n = $2} END {printf "%d", n}'; }
instance() { # name port group [more keys]: a service instance of the measured kind; sets LAST to its pid
  # shellcheck disable=SC2086 # the options are words
  java --add-modules jdk.incubator.vector ${MEASURED_JAVA_OPTS//\{name\}/$1} -jar "$JAR" service --bootstrap.servers="$BOOT" --http.port="$2" --group.id="$3" \
      --checkpoint.topic="$3.ckpt" --learner.mode="$MODE" --learner.hidden="$HIDDEN" --topic.partitions="$P" \
      "${@:4}" >> "$OUT/$1.out" 2>&1 &
  PIDS+=($!); LAST=$!
}
cpu() { # CPU seconds (user + system) the processes $@ have used so far
  for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0; done \
    | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {printf "%.2f", s / hz}'
}
parts() { # the partitions an instance owns ("" before it has any)
  { curl -s "localhost:$1/models" | tr -d ' \n' | grep -o '"partitions":\[[0-9,]*\]' || true; } | tr -dc '0-9,'
}
owned() { # the partitions an instance owns, and the streams and events of its live models per partition
  curl -s "localhost:$1/models" | tee "$OUT/models.$1.json" | tr -d ' \t\r\n' | tr '{}' '\n\n' | awk '
    /"partitions":\[/ { s = $0; sub(/.*"partitions":\[/, "", s); sub(/\].*/, "", s); parts = s }
    /"streamId":/ { match($0, /"partition":[0-9]+/); p = substr($0, RSTART + 12, RLENGTH - 12)
                    match($0, /"events":[0-9]+/); e = substr($0, RSTART + 9, RLENGTH - 9); n[p]++; ev[p] += e }
    END { printf "partitions [%s]:", parts; for (p in n) printf " p%s=%d streams/%d events", p, n[p], ev[p]; print "" }'
}
watch() { # port...: samples the summed naca_events_total every 0.2 s into $OUT/$GROUP.samples until TOTAL
  : > "$OUT/$GROUP.samples"
  while :; do
    sum=0; for port in "$@"; do sum=$((sum + $(learned "$port"))); done
    echo "$(now) $sum" >> "$OUT/$GROUP.samples"
    [ "$sum" -ge "$TOTAL" ] && break
    sleep 0.2
  done
}
rates() { # from the samples: the middle rate, ready->done seconds and rate; $1 = ready time, $2 = learned at ready
  awk -v total="$TOTAL" -v t0="$1" -v l0="$2" '
    function cross(f,   i) { # when the learned count crossed f (interpolated)
      for (i = 2; i <= NR; i++) if (l[i] >= f) return t[i-1] + (t[i] - t[i-1]) * (f - l[i-1]) / (l[i] - l[i-1] + 1e-9)
      return t[NR]
    }
    { t[NR] = $1; l[NR] = $2 }
    END {
      lo = 0.1 * total; if (l0 > lo) lo = l0  # from 10 %, or from ready if more was learned by then
      hi = 0.9 * total
      printf "%.3f %.3f %.3f", (hi - lo) / (cross(hi) - (lo == l0 ? t0 : cross(lo))) / 1e6, t[NR] - t0, \
          (total - l0) / (t[NR] - t0) / 1e6
    }' "$OUT/$GROUP.samples"
}

# 1. A host instance whose embedded broker everyone uses; it consumes topics of its own, so it stays idle.
java -jar "$JAR" service --http.port=$PORT --topic.events=host.events --topic.labels=host.labels --group.id=host \
    --models.max-live=1 > "$OUT/host.out" 2>&1 &
PIDS+=($!); HOST=$!
ready $PORT
BOOT=$(grep -o "127.0.0.1:[0-9]*" "$OUT/host.out" | head -1)

# 2. The two instances of (b) join their group once, on the still empty topics (created here with P partitions),
#    and stop; as static members they keep their partitions until the session timeout.
G2="scale2-$$"; STATIC=(--group.session-timeout-ms=600000)
instance two-a 18183 "$G2" --group.instance-id=a "${STATIC[@]}"; A=$LAST
instance two-b 18184 "$G2" --group.instance-id=b "${STATIC[@]}"; B=$LAST
ready 18183; ready 18184
for _ in $(seq 1 100); do   # until the group has settled: each owns some partitions, none twice
  pa=$(parts 18183); pb=$(parts 18184)
  n=$(echo "$pa,$pb" | tr ',' '\n' | awk 'NF' | wc -l); u=$(echo "$pa,$pb" | tr ',' '\n' | awk 'NF' | sort -u | wc -l)
  [ -n "$pa" ] && [ -n "$pb" ] && [ "$n" = "$P" ] && [ "$u" = "$P" ] && break
  sleep 0.2
done
echo "group $G2 split: instance a [$pa], instance b [$pb]"
kill -TERM "$A" "$B"; wait "$A" "$B" 2>/dev/null || true

# 3. The backlog.
java -jar "$JAR" synthetic --bootstrap.servers="$BOOT" --topic.partitions="$P" \
    --synthetic.train-subjects="$SUBJECTS" > "$OUT/publish.out" 2>&1
TOTAL=$(grep -o "published [0-9,]*" "$OUT/publish.out" | tr -dc 0-9)
echo "backlog: $TOTAL events, $((SUBJECTS + 4)) streams on $P partitions (mode=$MODE hidden=$HIDDEN)"

# 4. (a) One instance in a fresh group learns the backlog.
GROUP="scale1-$$"; instance one 18182 "$GROUP"; ONE=$LAST
ready 18182; t0=$(now); l0=$(learned 18182); c0=$(cpu "$ONE"); h0=$(cpu "$HOST")
watch 18182
c1=$(cpu "$ONE"); h1=$(cpu "$HOST"); t1=$(now)
read -r mid1 s1 all1 <<< "$(rates "$t0" "$l0")"
sleep 1.5   # /models is refreshed every second
echo "(a) 1 instance:  middle rate=$mid1 M ev/s, ready->done=${s1} s ($all1 M ev/s); $(owned 18182)"
echo "    cores busy from ready to done: instance $(echo "scale=2; ($c1 - $c0) / ($t1 - $t0)" | bc), host (broker) $(echo "scale=2; ($h1 - $h0) / ($t1 - $t0)" | bc); load average $(cut -d' ' -f1 /proc/loadavg)"
kill -TERM "$ONE"; wait "$ONE" 2>/dev/null || true

# 5. (b) The two instances come back together under their ids, each to its partitions, and learn the same backlog.
GROUP=$G2
instance two-a 18183 "$G2" --group.instance-id=a "${STATIC[@]}"; A=$LAST
instance two-b 18184 "$G2" --group.instance-id=b "${STATIC[@]}"; B=$LAST
ready 18183; ready 18184; t0=$(now); l0=$(( $(learned 18183) + $(learned 18184) ))
c0=$(cpu "$A" "$B"); h0=$(cpu "$HOST")
watch 18183 18184
c1=$(cpu "$A" "$B"); h1=$(cpu "$HOST"); t1=$(now)
read -r mid2 s2 all2 <<< "$(rates "$t0" "$l0")"
sleep 1.5
echo "(b) 2 instances: middle rate=$mid2 M ev/s, both ready->done=${s2} s ($all2 M ev/s; $l0 events learned before both were ready)"
echo "    instance a: $(learned 18183) events, $(owned 18183)"
echo "    instance b: $(learned 18184) events, $(owned 18184)"
echo "    cores busy from both ready to done: instances $(echo "scale=2; ($c1 - $c0) / ($t1 - $t0)" | bc), host (broker) $(echo "scale=2; ($h1 - $h0) / ($t1 - $t0)" | bc); load average $(cut -d' ' -f1 /proc/loadavg)"
echo "ratio (b)/(a): middle rate $(echo "scale=2; $mid2 / $mid1" | bc), ready->done rate $(echo "scale=2; $all2 / $all1" | bc)"
kill -TERM "$A" "$B"; wait "$A" "$B" 2>/dev/null || true
