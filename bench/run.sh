#!/usr/bin/env bash
# The subsync benchmark in one command: builds the production jar, then runs service, embedded
# PostgreSQL (fsync and synchronous_commit on) and load generator together on this machine.
# Options: --connections=64 --duration=20 --subscriptions=2000 --rate=1000 --e2e-rate=2500
#          --e2e-duration=30 --duplicates=0.02 --preload=1000000 --pool-size=32 --warmup=180
#          --phases=ceiling,ingest,latency,e2e,growth --burst=1 (events in a row per subscription)
#          --prepared-rate=8000 (deliveries built and signed before a full-speed phase, per second of it)
#          --service-jvm=-Xms256m,-Xmx256m,...   (the service's JVM flags, comma-separated)
#          --pg-statements   (print PostgreSQL's top statements by time after the end-to-end phase)
#          --fsync-probe     (time an 8 KB write + fdatasync every 10 ms beside PostgreSQL's data during
#                             the latency phase: whether slow acks wait for the disk)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q spring-boot:test-run -Dsubsync.run.main=dev.subsync.bench.Bench -Dspring-boot.run.arguments="$*"
