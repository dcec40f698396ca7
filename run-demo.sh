#!/usr/bin/env bash
# Runs the jwtgate demo: builds the sample WAR and starts it on embedded Jetty 12 at http://127.0.0.1:$PORT/.
# PORT (default 8080) and JWTGATE_DATA_DIR (default ./jwtgate-data, where the tenants' keys survive restarts)
# may be set; see "Trusting an external identity provider" in docs/deploying.md for the other variables.
# Demo only: it switches on POST /demo/token (tokens for anyone) and gives the key files a well-known password.
set -euo pipefail
cd "$(dirname "$0")"
export PORT="${PORT:-8080}"
export JWTGATE_PUBLIC_URL="${JWTGATE_PUBLIC_URL:-http://127.0.0.1:$PORT}"
export JWTGATE_ISSUERS="${JWTGATE_ISSUERS:-$JWTGATE_PUBLIC_URL/t/acme $JWTGATE_PUBLIC_URL/t/globex}"
export JWTGATE_DATA_DIR="${JWTGATE_DATA_DIR:-$PWD/jwtgate-data}"
export JWTGATE_KEY_PASSWORD="${JWTGATE_KEY_PASSWORD:-demo-only-change-me}"
export JWTGATE_DEMO_TOKENS="${JWTGATE_DEMO_TOKENS:-true}"
echo "Building the sample WAR (first run downloads dependencies)..."
# One reactor build, nothing installed into ~/.m2: the WAR, the launcher (test classes) and its class path.
mvn -B -q -pl sample-war -am package -DskipTests dependency:build-classpath -DincludeScope=test \
  -DincludeGroupIds=org.eclipse.jetty,org.eclipse.jetty.ee10,org.eclipse.jetty.ee,jakarta.servlet,org.slf4j,org.ow2.asm,jakarta.transaction,jakarta.annotation \
  -Dmdep.outputFile=target/demo-classpath.txt
if [ "$JWTGATE_DEMO_TOKENS" = "true" ]; then
  echo "DEMO MODE: JWTGATE_DEMO_TOKENS=true, so POST /demo/token mints tokens for anyone who can reach it."
fi
if [ "$JWTGATE_KEY_PASSWORD" = "demo-only-change-me" ]; then
  echo "DEMO MODE: the tenants' key files in $JWTGATE_DATA_DIR use the demo password (set JWTGATE_KEY_PASSWORD)."
fi
exec java -cp "sample-war/target/test-classes:$(cat sample-war/target/demo-classpath.txt)" \
  org.jwtgate.sample.DemoLauncher sample-war/target/sample.war
