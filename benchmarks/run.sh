#!/usr/bin/env bash
# Runs the JMH benchmarks and writes benchmarks/results/latest.md (ops/s, error, ratio to the raw
# signature floor, JVM, machine). Usage: benchmarks/run.sh [JMH options], e.g. -p alg=RS256.
# JAVA_HOME selects the JDK (e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl benchmarks -am
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cd benchmarks
mkdir -p results
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# auth0 java-jwt has no PS256/EdDSA and Nimbus needs Tink for EdDSA: those pairs are excluded.
"$JAVA" -cp "target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main \
  -rf json -rff results/latest.json "$@" \
  'ValidationBenchmark\.(floor|jwtgate|jose4j|smallrye)$' 2>&1 | tee results/latest-jmh.log
"$JAVA" -cp "target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main \
  -rf json -rff results/peers.json -p alg=RS256,PS256,ES256 "$@" 'ValidationBenchmark\.nimbus$' 2>&1 | tee -a results/latest-jmh.log
"$JAVA" -cp "target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main \
  -rf json -rff results/auth0.json -p alg=RS256,ES256 "$@" 'ValidationBenchmark\.auth0$' 2>&1 | tee -a results/latest-jmh.log
"$JAVA" -cp "target/classes:$(cat target/cp.txt)" org.jwtgate.bench.ResultsTable results/latest.md \
  results/latest.json results/peers.json results/auth0.json
echo "Wrote benchmarks/results/latest.md"
