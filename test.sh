#!/usr/bin/env bash
# Runs every Dormouse test: the server's unit and integration tests (real sockets, a real SQLite
# file), then the web app's unit tests and its end-to-end tests in Chromium against the built jar.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh
mvn -B verify
