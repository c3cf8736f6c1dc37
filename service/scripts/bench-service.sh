#!/usr/bin/env bash
# Measures the deployable service as users run it (separate JVMs, the built jar, HTTP endpoints):
# a backlog of synthetic subjects is published, then a fresh service instance with its own consumer group
# learns it; reported: learning rate, checkpoint time, SIGTERM-to-exit, restart-to-ready and the checkpoint
# restore scan.
#
# usage: service/scripts/bench-service.sh [MODE [HIDDEN]]   MODE = tick (default) | event, HIDDEN = 256 (default)
# Build first: mvn -B -q -DskipTests package. Needs curl and bc. Ports 18181 and 18182 must be free.
set -euo pipefail
MODE=${1:-tick}; HIDDEN=${2:-256}
. "$(dirname "$0")/common.sh"   # JAR, OUT, PIDS (stopped on exit), now, ready
PORT=18181; PORT2=18182
learned() { curl -s "localhost:$PORT2/metrics" | awk '/^naca_events_total /{printf "%d", $2}'; }
service() { # the measured instance: own group and checkpoint topic, so every run starts from nothing
  java --add-modules jdk.incubator.vector -Dorg.slf4j.simpleLogger.log.io.nacastream=debug -jar "$JAR" service --bootstrap.servers="$BOOT" \
      --http.port=$PORT2 --group.id="measure-$MODE-$HIDDEN-$$" --checkpoint.topic="measure.ckpt.$MODE.$HIDDEN.$$" \
      --learner.mode="$MODE" --learner.hidden="$HIDDEN" > "$OUT/$1.out" 2>&1 &
  PIDS+=($!); MEASURED=$!
}

# 1. A host instance whose embedded broker everyone uses; the backlog is published before the measured one starts.
java -jar "$JAR" service --http.port=$PORT --topic.partitions=2 --models.max-live=1 > "$OUT/host.out" 2>&1 &
PIDS+=($!)
ready $PORT
BOOT=$(grep -o "127.0.0.1:[0-9]*" "$OUT/host.out" | head -1)
java -jar "$JAR" synthetic --bootstrap.servers="$BOOT" --topic.partitions=2 > "$OUT/publish.out" 2>&1
TOTAL=$(grep -o "published [0-9,]*" "$OUT/publish.out" | tr -dc 0-9)

# 2. Learn the backlog (time from ready to the last event learned).
service first; ready $PORT2; t0=$(now)
until [ "$(learned)" -ge "$TOTAL" ]; do sleep 0.1; done
t1=$(now)
echo "mode=$MODE hidden=$HIDDEN backlog_events=$TOTAL learn_s=$(echo "$t1-$t0" | bc) M_ev_per_s=$(echo "scale=2; $TOTAL/($t1-$t0)/1000000" | bc)"

# 3. SIGTERM: stop polling, final checkpoint of every model, commit, exit.
t0=$(now); kill -TERM "$MEASURED"; wait "$MEASURED" || true; t1=$(now)
echo "sigterm_to_exit_s=$(echo "$t1-$t0" | bc)"
grep -o "event=checkpoint .*" "$OUT/first.out" | tail -1

# 4. Restart: JVM start, group join, checkpoint scan and model restore until ready.
t0=$(now); service second; ready $PORT2; t1=$(now)
echo "restart_to_ready_s=$(echo "$t1-$t0" | bc)"
grep -o "event=checkpoints_loaded .*" "$OUT/second.out" | head -1
