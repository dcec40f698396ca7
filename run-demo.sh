#!/usr/bin/env bash
# Runs the jwtgate demo: builds the sample WAR and starts it on embedded Jetty 12 at http://127.0.0.1:$PORT/.
# PORT (default 8080) and JWTGATE_DATA_DIR (default ./jwtgate-data, where the tenants' keys survive restarts)
# may be set; see README "Trusting an external identity provider" for the other variables.
set -euo pipefail
cd "$(dirname "$0")"
export PORT="${PORT:-8080}"
export JWTGATE_PUBLIC_URL="${JWTGATE_PUBLIC_URL:-http://127.0.0.1:$PORT}"
export JWTGATE_ISSUERS="${JWTGATE_ISSUERS:-$JWTGATE_PUBLIC_URL/t/acme $JWTGATE_PUBLIC_URL/t/globex}"
export JWTGATE_DATA_DIR="${JWTGATE_DATA_DIR:-$PWD/jwtgate-data}"
echo "Building the sample WAR (first run downloads dependencies)..."
mvn -B -q install -DskipTests -pl sample-war -am
mvn -B -q -pl sample-war test-compile
mvn -B -q -pl sample-war dependency:build-classpath -DincludeScope=test \
  -DincludeGroupIds=org.eclipse.jetty,org.eclipse.jetty.ee10,org.eclipse.jetty.ee,jakarta.servlet,org.slf4j,org.ow2.asm,jakarta.transaction,jakarta.annotation \
  -Dmdep.outputFile=target/demo-classpath.txt
exec java -cp "sample-war/target/test-classes:$(cat sample-war/target/demo-classpath.txt)" \
  org.jwtgate.sample.DemoLauncher sample-war/target/sample.war
