# Shared by the bench-*.sh scripts (sourced, not run): the built jar, a log directory, the instances started (stopped
# with SIGTERM on exit), a clock, and waiting for an instance's /health/ready.
JAR=$(cd "$(dirname "$0")/.." && pwd)/target/naca-stream.jar
[ -f "$JAR" ] || { echo "no $JAR: build first (mvn -B -q -DskipTests package)" >&2; exit 2; }
OUT=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null; echo "logs: $OUT"' EXIT
now() { date +%s.%N; }
ready() { # waits (at most 120 s) until the instance on port $1 reports ready
  for _ in $(seq 1 2400); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$1/health/ready")" = 200 ] && return 0; sleep 0.05
  done
  echo "instance on port $1 never became ready" >&2; exit 1
}
