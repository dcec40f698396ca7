#!/usr/bin/env bash
# Runs every benchmark and writes benchmarks/results/latest.md: JMH validation against the raw
# signature floor and the peer libraries (RS256, PS256, ES256, EdDSA), the token cache, the request
# path, the same on a second JDK, the token cache's heap, and HTTP load on the sample WAR with a kid
# flood. About 15 minutes on 2 CPUs. Nothing here runs during `mvn verify`.
#
# Usage: benchmarks/run.sh [JMH options]    e.g. -wi 5 -i 10 -r 2 for steadier figures, -p alg=RS256
# Environment:
#   JAVA_HOME     the JDK measured (default: the java on the PATH)
#   COMPARE_JDK   a second JDK for the floor and jwtgate on ES256, EdDSA, RS256
#                 (default /usr/lib/jvm/temurin-25-jdk-amd64 when present; COMPARE_JDK= to skip)
#   HTTP_OPTS     options of the HTTP load run, e.g. "-Dload.seconds=20 -Dload.connections=8
#                 -Dload.jwksPath=/t/acme/oauth2/jwks -Dflood.requests=10000 -Dflood.seconds=10";
#                 "-Dflood.only=true" measures the kid flood and its side doors alone
#   SKIP_HTTP=1   skips the HTTP load run
#   PAIRED_ROUNDS, PAIRED_SLICE_MS   rounds (15) and slice length (200) of the paired ratios
set -euo pipefail
cd "$(dirname "$0")/.."
RAW=benchmarks/target/results
OUT=benchmarks/results
mkdir -p "$RAW" "$OUT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
COMPARE_JDK="${COMPARE_JDK-/usr/lib/jvm/temurin-25-jdk-amd64}"

# Build the benchmarks and the sample WAR from this checkout; the class path points into the
# reactor's target directories, not at whatever is installed in ~/.m2.
mvn -B -q package -DskipTests -pl benchmarks,sample-war -am dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="$PWD/benchmarks/target/classes:$(cat benchmarks/target/cp.txt)"
jmh() { "$1" -cp "$CP" org.openjdk.jmh.Main "${@:2}"; }

jmh "$JAVA" -rf json -rff "$RAW/validation.json" "$@" \
  'ValidationBenchmark\.(floor|jwtgate|jwtgateCached|jose4j|nimbus|smallrye|floorAccp|jwtgateAccp)$' 2>&1 | tee "$RAW/jmh.log"
# auth0 java-jwt has no PS256 or EdDSA.
jmh "$JAVA" -rf json -rff "$RAW/auth0.json" -p alg=RS256,ES256 "$@" 'ValidationBenchmark\.auth0$' 2>&1 | tee -a "$RAW/jmh.log"
jmh "$JAVA" -rf json -rff "$RAW/request-path.json" "$@" 'RequestPathBenchmark' 2>&1 | tee -a "$RAW/jmh.log"
# DPoP (RFC 9449): a request with its proof against a plain uncached validation, batches of fresh proofs.
jmh "$JAVA" -rf json -rff "$RAW/dpop.json" -p alg=ES256,RS256 'DpopBenchmark' 2>&1 | tee -a "$RAW/jmh.log"
# The same ratios paired round by round in one JVM (robust when other work shares the machine).
"$JAVA" -cp "$CP" org.jwtgate.bench.DpopCost 30 200 2>&1 | grep 'DPoP request' | tee "$RAW/dpop-cost.txt" || true
"$JAVA" -cp "$CP" org.jwtgate.bench.ResultsTable "$RAW/jmh.md" "$RAW/validation.json" "$RAW/auth0.json" \
  "$RAW/request-path.json"

# The same contenders in turn, round after round, each round's ratio to its own floor: robust when
# other work shares the machine. Args: rounds, slice in ms.
"$JAVA" -cp "$CP" org.jwtgate.bench.PairedRatios "$RAW/paired.md" "${PAIRED_ROUNDS:-15}" "${PAIRED_SLICE_MS:-200}" \
  2>&1 | grep -v '^SLF4J' | grep -v '^\[' || true

# What metrics cost on the cache-hit decision: with and without (metrics=false) in alternating slices.
"$JAVA" -cp "$CP" org.jwtgate.bench.MetricsCost 60 300 2>&1 | grep 'median' | tee "$RAW/metrics-cost.txt" || true

# The floor and jwtgate on a second JDK, taking turns with this one (EC and EdDSA verification differ most).
if [ -n "$COMPARE_JDK" ] && [ -x "$COMPARE_JDK/bin/java" ]; then
  "$JAVA" -cp "$CP" org.jwtgate.bench.JdkCompare "$RAW/jdk.md" "$COMPARE_JDK" 3 ES256 EdDSA RS256 2>&1 | grep -v '^SLF4J' || true
else
  echo "Second JDK: skipped (COMPARE_JDK not set or not found)" > "$RAW/jdk.md"
fi

"$JAVA" -Xmx1g -cp "$CP" org.jwtgate.bench.CacheMemory "$RAW/memory.md" 2>&1 | grep -v '^SLF4J' || true

if [ "${SKIP_HTTP:-}" = 1 ]; then
  echo "HTTP load: skipped (SKIP_HTTP=1)" > "$RAW/http.md"
else
  (cd benchmarks && "$JAVA" ${HTTP_OPTS:-} -cp "$CP" org.jwtgate.bench.HttpLoad ../sample-war/target/sample.war \
    target/results/http.md 2>&1 | grep -v '^SLF4J') || echo "HTTP load: failed, see benchmarks/target/http-load/*.log" > "$RAW/http.md"
fi

{
  echo "# jwtgate benchmark results"
  echo
  echo "Written by \`benchmarks/run.sh\`$( [ $# -gt 0 ] && echo " (JMH options: $*)" )."
  echo
  cat "$RAW/jmh.md"
  echo "### Validation, paired: each contender's ratio to the floor measured in the same round"
  echo
  cat "$RAW/paired.md"
  echo
  echo "### DPoP: a request with its proof / a plain uncached validation (paired rounds, DpopCost)"
  echo
  cat "$RAW/dpop-cost.txt"
  echo
  echo "### Two JDKs"
  echo
  cat "$RAW/jdk.md"
  echo
  echo "### Token cache heap"
  echo
  cat "$RAW/memory.md"
  echo
  echo "### HTTP load"
  echo
  cat "$RAW/http.md"
} > "$OUT/latest.md"
echo "Wrote benchmarks/results/latest.md"
