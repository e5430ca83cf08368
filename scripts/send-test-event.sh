#!/usr/bin/env bash
# Sends one Stripe-shaped, correctly signed event to subsync with only curl and openssl.
# usage: scripts/send-test-event.sh [webhook-url] [whsec_secret] [event-type] [object-json]
# The secret defaults to the local run's (.subsync-local/webhook-secret); EVENT_ID=evt_... resends one id.
set -euo pipefail

url=${1:-http://localhost:8080/webhooks/stripe}
secret=${2:-$(cat .subsync-local/webhook-secret 2>/dev/null || true)}
type=${3:-customer.subscription.updated}
[ -n "$secret" ] || { echo "no signing secret: pass it as the second argument" >&2; exit 2; }

now=$(date +%s)
# by default an active monthly subscription of prod_test_local, started now
default_object=$(printf '{"id":"sub_test_local","object":"subscription","status":"active","customer":"cus_test_local","start_date":%s,"latest_invoice":"in_test_local","cancel_at_period_end":false,"items":{"object":"list","data":[{"id":"si_test_local","quantity":1,"price":{"id":"price_test_local","product":"prod_test_local","unit_amount":999,"currency":"usd"},"current_period_start":%s,"current_period_end":%s}]}}' \
  "$now" "$now" "$((now + 30 * 86400))")
object=${4:-$default_object}
event_id=${EVENT_ID:-"evt_local$(openssl rand -hex 12)"}
payload=$(printf '{"id":"%s","object":"event","api_version":"2025-03-31.basil","created":%s,"livemode":false,"type":"%s","data":{"object":%s}}' \
  "$event_id" "$now" "$type" "$object")

# Stripe's scheme: v1 = hex(HMAC-SHA256(key = whole whsec_ string, message = "<t>.<raw body>"))
signature=$(printf '%s.%s' "$now" "$payload" | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= //')

curl -sS -w '\nHTTP %{http_code}\n' -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H "Stripe-Signature: t=$now,v1=$signature" \
  --data-binary "$payload"
