#!/usr/bin/env bash
# Runs the Dormouse benchmark suite: Dormouse and its peers (bench/peers/), one at a time, with
# the server pinned to core 0 and the generator to core 1. Writes bench/results/<date>-<mode>.json
# and .svg; a full run also rewrites docs/benchmarks.md.
#
#   bench/run.sh                 full suite, every server (about 35 minutes on 2 cores)
#   bench/run.sh --quick         Dormouse only, small sizes (two to three minutes)
#   bench/run.sh --servers dormouse,ws --scenarios fanout,idle --idle-connections 19000 ...
#
# Every option is passed on to the generator (java -jar bench/target/dormouse-bench.jar); see
# bench/README.md. Load only ever targets 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh

if [ "$(nproc)" -lt 2 ]; then
  echo "The bench pins the server and the generator to different cores; this machine has one." >&2
  exit 1
fi

# Every socket is a file on both sides: take as many as this machine allows (20,000 here).
ulimit -n "$(ulimit -Hn)"

# The server under test is a copy of the built jar, so a rebuild during the run cannot touch it;
# a copy of its own, since other checkouts on this machine run the bench too, and a cp over a
# jar that a running server has open breaks that server.
if [ ! -f server/target/dormouse.jar ]; then
  echo "Build Dormouse first: mvn -B package -DskipTests (server/target/dormouse.jar is missing)." >&2
  exit 1
fi
jar=$(mktemp /tmp/bench-dormouse-XXXXXX.jar)
trap 'rm -f "$jar"' EXIT
cp server/target/dormouse.jar "$jar"

mvn -B -q -f bench/pom.xml package -DskipTests

quick=false
for arg in "$@"; do
  [ "$arg" = "--quick" ] && quick=true
done
if [ "$quick" = false ] || [[ " $* " == *" --servers "* ]]; then
  # The peers' exact versions come from bench/peers/package-lock.json.
  if [ ! -x bench/peers/node_modules/.bin/node ] || [ bench/peers/package-lock.json -nt bench/peers/node_modules ]; then
    (cd bench/peers && npm ci --no-audit --no-fund)
  fi
fi

echo "server: taskset -c 0; generator: taskset -c 1; open files: $(ulimit -n)"
taskset -c 1 java -jar bench/target/dormouse-bench.jar \
  --dormouse-jar "$jar" \
  --peers bench/peers \
  --results bench/results \
  --server-core 0 \
  --command "bench/run.sh${*:+ $*}" \
  "$@"
