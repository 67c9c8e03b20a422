#!/usr/bin/env bash
# Builds Dormouse and starts it on the embedded default: UI and API at http://localhost:8080,
# messages in ./data. Settings come from the environment (docs/configuration.md), e.g. PORT=9000.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh
mvn -B -q package -DskipTests
exec java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -jar server/target/dormouse.jar "$@"
