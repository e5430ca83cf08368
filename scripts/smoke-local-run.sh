#!/usr/bin/env bash
# Runs README's start command as a newcomer would and checks it: the service starts on an embedded
# PostgreSQL with no configuration, accepts a signed event, and keeps its data and secret across a restart.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${SMOKE_PORT:-18080}
url="http://localhost:$port/webhooks/stripe"
log=$(mktemp)
pid=

start() {
  SERVER_PORT=$port mvn -B -q spring-boot:test-run >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 180); do
    if grep -q "subsync is running" "$log"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "smoke: the local run did not start; its output:" >&2
  cat "$log" >&2
  return 1
}

stop() {
  [ -n "$pid" ] || return 0
  # the service's JVM is a child of the mvn process this script started: stop exactly that one
  # (by its process id; other runs on the machine are not ours), then wait until mvn has ended
  local child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    kill -TERM "$child" 2>/dev/null || true
  done
  wait "$pid" 2>/dev/null || true
  pid=
}
trap stop EXIT

event_id="evt_smoke$(openssl rand -hex 8)"
start
first=$(EVENT_ID=$event_id scripts/send-test-event.sh "$url")
echo "$first"
grep -q '"status":"accepted"' <<<"$first"
stop

start
again=$(EVENT_ID=$event_id scripts/send-test-event.sh "$url")
echo "$again"
grep -q '"status":"duplicate"' <<<"$again"
echo "smoke: local run OK (accepted, restarted, same event answered duplicate)"
