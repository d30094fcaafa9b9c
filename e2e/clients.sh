#!/usr/bin/env bash
# Generated clients, checked: serves the showcase and the OAuth2 scopes tutorial app
# (security_tutorial005), exports their OpenAPI documents from `/openapi.json`, then
#  - generates TypeScript types with openapi-typescript, type-checks e2e/clients/ts/main.ts
#    (openapi-fetch over those types) with tsc and runs it with node against the apps;
#  - generates Python client packages with openapi-python-client and runs
#    e2e/clients/python/main.py, which calls the apps through them.
# The npm packages are pinned in e2e/clients/ts/package-lock.json (installed with `npm ci`
# when missing), the pip ones in e2e/clients/python/requirements.txt (a venv under the
# target directory, made when missing). Once installed, nothing here needs the network.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
TARGET="${CARGO_TARGET_DIR:-$root/target}"
SECURITY_APP=security_tutorial005

cargo build --quiet --locked -p brisk --example showcase
cargo build --quiet --locked -p tutorials

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

servers=()
workdir="$(mktemp -d)"
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2> /dev/null || true; done
    rm -rf "$workdir"
}
trap cleanup EXIT

# serve NAME PORT COMMAND...: runs the app in a scratch directory until the port answers.
serve() {
    local name="$1" port="$2"
    shift 2
    mkdir -p "$workdir/$name"
    (cd "$workdir/$name" && HOST=127.0.0.1 PORT="$port" exec "$@") > "$workdir/$name.log" 2>&1 &
    servers+=("$!")
    for _ in $(seq 100); do
        (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null && return 0
        sleep 0.1
    done
    echo "$name did not start:" && cat "$workdir/$name.log"
    return 1
}

showcase_port="$(free_port)"
serve showcase "$showcase_port" "$TARGET/debug/examples/showcase"
security_port="$(free_port)"
serve "$SECURITY_APP" "$security_port" env CASE="$SECURITY_APP" "$TARGET/debug/tutorials"
export SHOWCASE_URL="http://127.0.0.1:$showcase_port"
export SECURITY_URL="http://127.0.0.1:$security_port"

docs="$workdir/openapi"
mkdir -p "$docs"
fetch() {
    python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=30).read())' "$1"
}
fetch "$SHOWCASE_URL/openapi.json" > "$docs/showcase.json"
fetch "$SECURITY_URL/openapi.json" > "$docs/security.json"

echo "== TypeScript: openapi-typescript, tsc, node"
start=$SECONDS
(
    cd e2e/clients/ts
    # Installed when missing or when the lock file has changed since.
    if ! cmp -s package-lock.json node_modules/.installed-lock 2> /dev/null; then
        npm ci --silent --no-audit --no-fund
        cp package-lock.json node_modules/.installed-lock
    fi
    rm -rf generated dist
    npx --no-install openapi-typescript "$docs/showcase.json" -o generated/showcase.ts
    npx --no-install openapi-typescript "$docs/security.json" -o generated/security.ts
    # Type-checks main.ts against the generated types; emits nothing when a type is wrong.
    npx --no-install tsc -p .
    node dist/main.js
)
echo "-- TypeScript client: $((SECONDS - start))s"

echo "== Python: openapi-python-client"
start=$SECONDS
python="$(bash e2e/clients/python/venv.sh)"
# The generator formats its output with the venv's ruff.
PATH="$(dirname "$python"):$PATH"
(
    cd e2e/clients/python
    rm -rf generated
    mkdir generated
    for app in showcase security; do
        openapi-python-client generate --path "$docs/$app.json" --meta none \
            --output-path "generated/${app}_client" --fail-on-warning > "$workdir/$app-generate.log" 2>&1 ||
            { cat "$workdir/$app-generate.log" && exit 1; }
    done
    PYTHONPATH=generated "$python" main.py
)
echo "-- Python client: $((SECONDS - start))s"
