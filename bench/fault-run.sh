#!/usr/bin/env bash
# The fault run in one command: builds the production jar, then puts it under a steady signed load
# (default 200 deliveries/s; pass another rate as the first argument) on an embedded PostgreSQL and
# kills it with SIGKILL, stops PostgreSQL for 5 s, and opens 1,000 stalled uploads. Prints what was
# acknowledged, stored and lost (exits 1 if anything acknowledged is missing) and each recovery time.
# About a minute; loopback only. Not part of CI (see bench/README.md for a recorded run).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q spring-boot:test-run -Dsubsync.run.main=dev.subsync.bench.FaultRun -Dspring-boot.run.arguments="$*"
