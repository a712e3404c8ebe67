#!/usr/bin/env bash
# npm start: the demo shop. Installs what is missing (scripts/setup.sh), builds dist/ (cargo only rebuilds
# what changed), then runs the merchant backend of examples/proxy/server.mjs with an embedded sandbox:
# the checkout page, the proxy at /api/ckassa/* and the notifications, on one port.
# Usage: npm start [-- --port 8080 --gateway URL --shop-token T --sec-key K]   (PORT=... works too)
# It prints `checkout on http://127.0.0.1:PORT` and the test cards; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
node scripts/build.mjs
# exec: the server gets Ctrl-C (SIGINT) itself and closes the sandbox and its port before exiting.
exec node examples/proxy/server.mjs "$@"
