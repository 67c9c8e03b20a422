#!/usr/bin/env bash
# Runs every Dormouse test: the server's unit and integration tests (real sockets, a real SQLite
# file, a real PostgreSQL), the web app's unit tests, the tests against the packaged jar (a
# three-node cluster, faults), then the web app's end-to-end tests in Chromium against that jar.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh
mvn -B verify
(cd web && npm run test:e2e)
