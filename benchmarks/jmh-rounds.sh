#!/usr/bin/env bash
# JMH's validation table in rounds: each round runs every contender of ValidationBenchmark for one algorithm
# (JMH, one fork each), the rounds taking turns between RS256, PS256, ES256 and EdDSA; JmhRounds then takes
# each contender's ratio to the floor within its round and the median over the rounds. For a machine shared
# with other work, where one long JMH run meets a different load in each benchmark. Writes
# benchmarks/target/results/jmh-rounds.md (the load average before and after each round in jmh-rounds-load.txt).
# Usage: benchmarks/jmh-rounds.sh [rounds (3)] [JMH options (default -wi 1 -w 1 -i 2 -r 1 -f 1)]
# Needs the class path run.sh builds (benchmarks/target/cp.txt): run run.sh once, or its mvn line.
set -euo pipefail
cd "$(dirname "$0")/.."
RAW=benchmarks/target/results
mkdir -p "$RAW"
ROUNDS="${1:-3}"
shift || true
OPTS=("$@")
[ ${#OPTS[@]} -gt 0 ] || OPTS=(-wi 1 -w 1 -i 2 -r 1 -f 1)
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP="$PWD/benchmarks/target/classes:$(cat benchmarks/target/cp.txt)"
: > "$RAW/jmh-rounds-load.txt"
FILES=()
for r in $(seq 1 "$ROUNDS"); do
  for alg in RS256 PS256 ES256 EdDSA; do
    case "$alg" in RS256|ES256) which='floor|floorAccp|jwtgate|jwtgateCached|jwtgateAccp|jose4j|nimbus|smallrye|auth0' ;;
      *) which='floor|floorAccp|jwtgate|jwtgateCached|jwtgateAccp|jose4j|nimbus|smallrye' ;; esac
    echo "round $r $alg start: $(uptime)" >> "$RAW/jmh-rounds-load.txt"
    "$JAVA" -cp "$CP" org.openjdk.jmh.Main "${OPTS[@]}" -p alg="$alg" -rf json -rff "$RAW/jmh-round-$r-$alg.json" \
      "ValidationBenchmark\.($which)\$" > "$RAW/jmh-round-$r-$alg.log" 2>&1
    FILES+=("$RAW/jmh-round-$r-$alg.json")
  done
done
echo "end: $(uptime)" >> "$RAW/jmh-rounds-load.txt"
"$JAVA" -cp "$CP" org.jwtgate.bench.JmhRounds "$RAW/jmh-rounds.md" "${FILES[@]}"
