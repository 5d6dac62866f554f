#!/usr/bin/env bash
# Bytes on the wire: one event on an open stream vs one HTTP/1.1 poll. Used by docs/learn/what-is-sse.adoc.
#   ./sse-kit serve --port 3000 --publish-token demo      # in another terminal
#   docs/examples/wire-bytes.sh http://127.0.0.1:3000 demo
set -euo pipefail
base="${1:-http://127.0.0.1:3000}"
token="${2:-demo}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Subscribe to the feed (headers and body kept apart), publish one small JSON message, stop reading.
curl -sN --raw -D "$tmp/stream-headers" -o "$tmp/stream-body" --max-time 3 "$base/api/feed" || true &
sleep 1
curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" --data-binary '{"cpu":42}' "$base/api/feed"
wait
echo "stream, once per connection: response headers $(wc -c <"$tmp/stream-headers") bytes"
echo "stream body (opening retry + one event), $(wc -c <"$tmp/stream-body") bytes:"
od -An -c "$tmp/stream-body"

# The same data fetched by a poll: what curl sends and what the server answers.
curl -s -o "$tmp/poll-body" -w 'poll: request %{size_request} bytes, response headers %{size_header} bytes, ' "$base/api/stats"
echo "body $(wc -c <"$tmp/poll-body") bytes"
