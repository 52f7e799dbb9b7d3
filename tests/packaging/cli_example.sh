#!/usr/bin/env bash
# The README's snippet for any language through the CLI, run against the built CLI: a test saves
# the response its handler produced and asks entracheck. The region between the readme:sh marks
# is the README's snippet.
#
#   tests/packaging/cli_example.sh ENTRACHECK_BINARY WORK_DIR
set -euo pipefail
entracheck() { "$ENTRACHECK_BIN" "$@"; }
ENTRACHECK_BIN="$1"
mkdir -p "$2"
cd "$2"
body='{"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":{"tier":"gold"}}]}}'

# [readme:sh]
# The response your handler produced: status line, headers, blank line, body.
printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n%s' "$body" > response.http
entracheck check --event tokenIssuanceStart response.http   # exit 0 accepted, 1 rejected, 2 bad input
entracheck check --json response.http > verdict.json        # {"verdict":"accepted","code":null,...}
# [/readme:sh]

grep -q '"verdict":"accepted"' verdict.json
# The same steps on a rejected response must fail the way a test suite sees it.
body='{"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":{"points":5}}]}}'
printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n%s' "$body" > response.http
status=0
entracheck check --json response.http > verdict.json || status=$?
[ "$status" -eq 1 ] || { echo "cli_example: expected exit 1, got $status"; exit 1; }
grep -q '"code":1003003' verdict.json
grep -q '"rule":"claims.value-type"' verdict.json
echo "cli_example: ok"
