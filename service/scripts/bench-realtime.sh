#!/usr/bin/env bash
# A camera in real time: replays a Prophesee recording at its recorded speed (publish --speed=realtime --loop),
# with generated labels so the service learns while it keeps up, into a measured service instance (own JVM, own
# consumer group, defaults otherwise: event mode, default learner). Every second it prints what the publisher has
# sent (events, stream time) and what the measured instance has learned (naca_events_total), its consumer lag
# (naca_consumer_lag, records) and RSS; then a summary: events published and learned, offered and learned rates,
# max and final lag, whether the lag stayed bounded, RSS at start and end, and whether the PUBLISHER kept real time
# on this machine (a measured limit of one publisher process, reported, not a failure of the script).
#
# usage: service/scripts/bench-realtime.sh SAMPLE [SECONDS]
#   SAMPLE   a Prophesee EVT 2.0 or EVT 3.0 .raw file (e.g. ../shared/data/real/evt3/evt3_sample.raw); the records
#            carry that encoding (--encoding=evt2|evt3, from the file's "% evt" header line)
#   SECONDS  stream time to publish, looped [60]; at real time also the publishing wall time
# Environment: CYCLE_MS (label segment length, ms) [1000]; DRAIN_S (longest wait after the publisher ends for the
# lag to clear) [30]; MAX_WALL_S [SECONDS + 10]: after this much of its own wall time (from its start of publishing)
# the publisher gets SIGTERM, stops, flushes and prints its summary (one that cannot keep real time would otherwise
# run much longer than SECONDS); EXTRA: more service --key=value arguments for the measured instance [];
# MEASURED_JAVA_OPTS: JVM options of the measured instance (e.g. a flight recording) [];
# CAPACITY_S [2]: then that much stream time is published at full speed first and a fresh instance learns the
# backlog: its rate against the camera's recorded rate, with no publisher on the cores (0 skips it).
# Lag bounded: the largest lag of the last W seconds of publishing is at most the largest of the first W seconds
# plus 64 records, W = min(10, publishing seconds / 3); the lag at the publisher's end and after the drain are
# printed too. Build first: mvn -B -q -DskipTests package. Needs curl, awk and bc. Ports 18181 and 18182 must be free.
set -euo pipefail
SAMPLE=${1:?usage: bench-realtime.sh SAMPLE [SECONDS]}; SECS=${2:-60}
CYCLE_MS=${CYCLE_MS:-1000}; DRAIN_S=${DRAIN_S:-30}; MAX_WALL_S=${MAX_WALL_S:-$((SECS + 10))}; EXTRA=${EXTRA:-}
MEASURED_JAVA_OPTS=${MEASURED_JAVA_OPTS:-}
[ -f "$SAMPLE" ] || { echo "no sample $SAMPLE" >&2; exit 2; }
case "$(head -c 4096 "$SAMPLE" | tr -d '\0' | grep -a -m1 '^% evt ' || true)" in
  *"evt 3"*) ENCODING=evt3 ;;
  *"evt 2"*) ENCODING=evt2 ;;
  *) echo "$SAMPLE has no '% evt 2.0' or '% evt 3.0' header line: give a Prophesee EVT 2.0/3.0 .raw file" >&2; exit 2 ;;
esac
. "$(dirname "$0")/common.sh"   # JAR, OUT, PIDS (stopped on exit), now, ready
PORT=18181; PORT2=18182
metric() { awk -v m="$1" '$1 == m {printf "%d", $2; found=1} END {if (!found) printf "0"}' "$OUT/metrics"; }
rss_mb() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }
progress() { # the publisher's last progress line: "<events> <stream seconds> <its wall seconds>"
  tr '\r' '\n' < "$OUT/publish.err" | grep ' events ' | tail -1 \
    | awk '{for (i = 1; i <= NF; i++) {if ($(i+1) == "events") e = $i; if ($i == "stream") s = $(i+1)
                                       if ($(i+1) == "s" && $(i+2) == "pass") w = $i}}
           END {gsub(",", "", e); printf "%d %s %s", e, (s == "" ? 0 : s), (w == "" ? 0 : w)}'
}

# 1. A host instance whose embedded broker everyone uses; it consumes topics of its own, so it stays idle.
java -jar "$JAR" service --http.port=$PORT --topic.events=host.events --topic.labels=host.labels \
    --group.id=host --models.max-live=1 > "$OUT/host.out" 2>&1 &
PIDS+=($!)
ready $PORT
BOOT=$(grep -o "127.0.0.1:[0-9]*" "$OUT/host.out" | head -1)

# 2. The measured instance: defaults, its own group and checkpoint topic; it learns the live stream.
java --add-modules jdk.incubator.vector $MEASURED_JAVA_OPTS -jar "$JAR" service --bootstrap.servers="$BOOT" --http.port=$PORT2 --group.id="realtime-$$" \
    --checkpoint.topic="realtime.ckpt.$$" $EXTRA > "$OUT/measured.out" 2>&1 &
MEASURED=$!; PIDS+=($MEASURED)
ready $PORT2
RSS0=$(rss_mb $MEASURED)

# 3. The camera: the sample at its recorded speed, looped, with generated labels.
echo "sample=$(basename "$SAMPLE") encoding=$ENCODING seconds=$SECS cycle_ms=$CYCLE_MS (labels arbitrary: load, not accuracy)"
java -jar "$JAR" publish --bootstrap="$BOOT" --speed=realtime --loop="${SECS}s" --labels=cycle:"$CYCLE_MS" \
    --encoding=$ENCODING "$SAMPLE" > "$OUT/publish.out" 2> "$OUT/publish.err" &
PUB=$!; PIDS+=($PUB)
HOST=${PIDS[0]}
t0=$(now); curl -s "localhost:$PORT2/metrics" > "$OUT/metrics"; L0=$(metric naca_events_total)
C0_MEASURED=$(cpu_s $MEASURED); C0_HOST=$(cpu_s $HOST)
: > "$OUT/samples"   # wall_s published stream_s learned lag rss_mb publishing(1/0)
stopped=no; pub_end=""; k=0
while :; do
  k=$((k + 1)); nap=$(echo "$t0 + $k - $(now)" | bc); [ "${nap:0:1}" = - ] || sleep "$nap"   # on the second
  t=$(echo "$(now) - $t0" | bc)
  alive=0; kill -0 $PUB 2>/dev/null && alive=1
  curl -s "localhost:$PORT2/metrics" > "$OUT/metrics" || true
  read -r pe ps pw <<< "$(progress)"
  learned=$(( $(metric naca_events_total) - L0 )); lag=$(metric naca_consumer_lag); rss=$(rss_mb $MEASURED)
  echo "$t $pe $ps $learned $lag $rss $alive $pw" >> "$OUT/samples"
  printf "t=%5.1fs published=%12d stream=%6.2fs in %6.2fs (%4.2fx) learned=%12d lag=%6d records rss=%5d MB%s\n" \
      "$t" "$pe" "$ps" "$pw" "$(echo "scale=3; if ($pw > 0) $ps / $pw else 0" | bc)" "$learned" "$lag" "$rss" \
      "$([ $alive = 1 ] || echo ' (publisher done)')"
  [ $alive = 1 ] && { C_PUB=$(cpu_s $PUB); C_MEASURED=$(cpu_s $MEASURED); C_HOST=$(cpu_s $HOST); T_CPU=$t; }
  if [ $alive = 1 ] && [ "$(echo "$pw > $MAX_WALL_S" | bc)" = 1 ]; then
    kill -TERM $PUB 2>/dev/null || true; wait $PUB 2>/dev/null || true; stopped=yes  # it flushes and sums up
    echo "publisher stopped at the wall-time limit MAX_WALL_S=$MAX_WALL_S s"
  fi
  if [ $alive = 0 ]; then
    [ -n "$pub_end" ] || pub_end=$t
    { [ "$lag" = 0 ] && [ "$learned" -gt 0 ]; } && break
    [ "$(echo "$t - $pub_end > $DRAIN_S" | bc)" = 1 ] && break
  fi
done
wait $PUB 2>/dev/null || true

# 4. Summary.
PUBLISHED=$(grep -o "^published [^:]*: [0-9,]* events" "$OUT/publish.out" | grep -o "[0-9,]* events" | tr -dc 0-9 || true)
PUBLISHED=${PUBLISHED:-$(awk 'END {print $2}' "$OUT/samples")}
REPLAY=$(grep "^replayed" "$OUT/publish.out" || echo "(no summary from the publisher: see $OUT/publish.err)")
curl -s "localhost:$PORT2/metrics" > "$OUT/metrics"
LEARNED=$(( $(metric naca_events_total) - L0 ))
echo "--- summary ($(basename "$SAMPLE"), $ENCODING, $SECS s of stream time asked)"
echo "publisher: $REPLAY"
BEHIND=$(grep -q "BEHIND the requested" "$OUT/publish.out" && echo yes || { grep -q "kept the requested" "$OUT/publish.out" && echo no; } || true)
awk -v behind="$BEHIND" -v pub="$PUBLISHED" -v learned="$LEARNED" -v rss0="$RSS0" -v stopped="$stopped" \
    -v resyncs="$(metric naca_stream_clock_resyncs_total)" -v dead="$(awk '/^naca_dead_letters_total/ {s += $2} END {printf "%d", s}' "$OUT/metrics")" '
  { t[NR] = $1; pe[NR] = $2; ps[NR] = $3; l[NR] = $4; lag[NR] = $5; rss[NR] = $6; alive[NR] = $7; pw[NR] = $8
    if ($7 == 1) n = NR
    if ($2 > 0 && s0 == 0) s0 = NR }
  END {
    if (n == 0) n = 1
    if (s0 == 0) s0 = 1
    tp = pw[NR]; psl = ps[NR]                 # the publisher: its own wall time from the start of publishing
    win = t[n] - t[s0]                        # our samples while it sent events
    learnedwin = l[n] - l[s0]
    w = win / 3; if (w > 10) w = 10; if (w < 1) w = 1
    for (i = s0; i <= n; i++) {
      if (lag[i] > maxlag) maxlag = lag[i]
      if (t[i] <= t[s0] + w && lag[i] > first) first = lag[i]
      if (t[i] >= t[n] - w && lag[i] > last) last = lag[i]
    }
    for (i = 1; i <= NR; i++) if (lag[i] > maxall) maxall = lag[i]
    printf "events published=%d learned=%d (%.1f%%)%s\n", pub, learned, (pub > 0 ? 100 * learned / pub : 0), \
        (stopped == "yes" ? " (the publisher was stopped at MAX_WALL_S; it sent what it had read)" : "")
    printf "offered rate=%.2f M ev/s (published / %.1f s of the publisher'"'"'s wall time)\n", (tp > 0 ? pub / tp / 1e6 : 0), tp
    printf "sustained learned rate=%.2f M ev/s (learned over the %.1f s of samples while events were sent)\n", \
        (win > 0 ? learnedwin / win / 1e6 : 0), win
    printf "lag (records): max=%d while publishing (max %d overall); first %.0f s max=%d, last %.0f s max=%d; at the publisher'"'"'s end=%d, at the end=%d\n", \
        maxlag, maxall, w, first, w, last, lag[n], lag[NR]
    printf "lag bounded: %s (criterion: max of the last %.0f s of publishing <= max of its first %.0f s + 64 records)\n", \
        (last <= first + 64 ? "YES" : "NO"), w, w
    printf "rss of the measured instance: start=%d MB end=%d MB\n", rss0, rss[NR]
    printf "publisher pace: %.2f s of stream time in %.2f s of its wall time (%.2fx real time)%s\n", psl, tp, \
        (tp > 0 ? psl / tp : 0), (stopped == "yes" ? ", stopped at MAX_WALL_S" : "")
    if (behind == "yes" || stopped == "yes" || (behind == "" && psl < 0.98 * tp - 0.5))
      printf "PUBLISHER LIMIT: one publisher could not keep real time on this machine (it sent %.2f M ev/s); the service was offered less than the camera rate\n", (tp > 0 ? pub / tp / 1e6 : 0)
    else
      print "publisher kept real time"
    printf "stream clock resyncs=%d, dead letters=%d\n", resyncs, dead
  }' "$OUT/samples"

echo "cores busy while publishing (CPU time / ${T_CPU:-0} s): publisher $(echo "scale=2; ${C_PUB:-0} / ${T_CPU:-1}" | bc)," \
     "measured instance $(echo "scale=2; (${C_MEASURED:-0} - $C0_MEASURED) / ${T_CPU:-1}" | bc)," \
     "host with the broker $(echo "scale=2; (${C_HOST:-0} - $C0_HOST) / ${T_CPU:-1}" | bc) (of $(nproc))"

# 5. Capacity on this camera's events, without a publisher competing for the cores: CAPACITY_S seconds of stream
#    time are published first at full speed (a backlog, on topics of their own), then a fresh measured instance
#    learns them; its rate (ready -> every event learned) is compared with the camera's recorded rate.
CAPACITY_S=${CAPACITY_S:-2}
if [ "$CAPACITY_S" != 0 ]; then
  kill -TERM $MEASURED 2>/dev/null || true; wait $MEASURED 2>/dev/null || true
  java -jar "$JAR" publish --bootstrap="$BOOT" --speed=max --loop="${CAPACITY_S}s" --labels=cycle:"$CYCLE_MS" \
      --topic=cap.events.$$ --labels-topic=cap.labels.$$ --encoding=$ENCODING --quiet "$SAMPLE" \
      > "$OUT/capacity-publish.out" 2>&1
  CAP=$(grep -o "^published [^:]*: [0-9,]* events" "$OUT/capacity-publish.out" | grep -o "[0-9,]* events" | tr -dc 0-9)
  java --add-modules jdk.incubator.vector -jar "$JAR" service --bootstrap.servers="$BOOT" --http.port=$PORT2 \
      --group.id="capacity-$$" --checkpoint.topic="capacity.ckpt.$$" --topic.events=cap.events.$$ \
      --topic.labels=cap.labels.$$ $EXTRA > "$OUT/capacity.out" 2>&1 &
  MEASURED=$!; PIDS+=($MEASURED)
  ready $PORT2; c0=$(now)
  for _ in $(seq 1 6000); do
    curl -s "localhost:$PORT2/metrics" > "$OUT/metrics" || true
    [ "$(metric naca_events_total)" -ge "$CAP" ] && break; sleep 0.1
  done
  c1=$(now)
  RECORDED=$(awk -v e="$PUBLISHED" -v s="$(awk 'END {print $3}' "$OUT/samples")" 'BEGIN {if (s > 0) printf "%.2f", e / s / 1e6; else print "?"}')
  echo "capacity: a backlog of $CAP events ($CAPACITY_S s of stream time) learned in $(echo "$c1 - $c0" | bc) s" \
       "= $(echo "scale=2; $CAP / ($c1 - $c0) / 1000000" | bc) M ev/s, from ready, one cold instance;" \
       "the camera's recorded rate: $RECORDED M ev/s (events per second of stream time)"
fi
