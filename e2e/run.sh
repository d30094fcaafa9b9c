#!/usr/bin/env bash
# Browser check of the docs: installs Chromium (Debian) and playwright-core (npm) when
# missing, serves the OAuth2 tutorial app and runs Swagger UI's Authorize flow.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium > /dev/null; then
    apt-get update -q > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium > /dev/null
fi
npm ci --silent --no-audit --no-fund > /dev/null
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
CASE=security_tutorial004 HOST=127.0.0.1 PORT="$PORT" ../target/debug/tutorials &
server=$!
trap 'kill $server 2> /dev/null || true' EXIT
for _ in $(seq 50); do
    (echo > "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null && break
    sleep 0.1
done
PORT="$PORT" timeout 120 node authorize.js
