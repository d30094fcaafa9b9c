#!/usr/bin/env bash
# Property-based API tests with schemathesis: each app below is served on a free port and
# schemathesis generates requests from its OpenAPI document (at least 100 per operation,
# fixed seed), checking that no answer is a 5xx (`not_a_server_error`) and that every
# answer matches the schema the document gives it (`response_schema_conformance`).
# schemathesis is installed, pinned, in a venv under the target directory when missing.
# Exits non-zero when any app fails or overruns its time bound.
#
#   bash e2e/schemathesis.sh            # every app
#   bash e2e/schemathesis.sh showcase   # the apps named
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION="4.32.5"
EXAMPLES="${ST_EXAMPLES:-100}"
SEED="${ST_SEED:-20261201}"
APP_TIMEOUT="${ST_APP_TIMEOUT:-180}" # seconds per app, server start included
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
VENV="$TARGET/schemathesis-venv"

# The showcase, and five tutorial apps covering JSON bodies (nested, several, with
# dates, durations and UUIDs), query/path/header parameters with constraints, forms
# with files, and OAuth2 security.
ALL_APPS=(
    showcase
    body_multiple_params_tutorial004
    extra_data_types_tutorial001
    query_params_str_validations_tutorial010
    request_forms_and_files_tutorial001
    security_tutorial005
)
APPS=("${@:-${ALL_APPS[@]}}")

if ! "$VENV/bin/st" --version 2> /dev/null | grep -qF "$ST_VERSION"; then
    echo "installing schemathesis $ST_VERSION in $VENV"
    if ! python3 -m venv "$VENV"; then
        # Debian's python3 keeps venv (ensurepip) in a separate package.
        apt-get update -q > /dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv > /dev/null
        python3 -m venv --clear "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

cargo build --quiet --locked -p brisk --example showcase
cargo build --quiet --locked -p tutorials

# Extra arguments for an app: the OAuth2 app is tested logged in (as the tutorial's
# johndoe, with every scope), so its protected routes answer more than 401.
auth_args() {
    if [ "$1" = security_tutorial005 ]; then
        python3 - "$2" << 'PY'
import json, sys, urllib.parse, urllib.request
form = urllib.parse.urlencode({"username": "johndoe", "password": "secret", "scope": "me items"}).encode()
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/token", form, timeout=30) as res:
    print("-H")
    print("Authorization: Bearer " + json.load(res)["access_token"])
PY
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

server=""
workdir="$(mktemp -d)"
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; fi
    rm -rf "$workdir"
}
trap cleanup EXIT

failed=()
for app in "${APPS[@]}"; do
    port="$(free_port)"
    log="$workdir/$app.log"
    # Each app runs in a scratch directory, as the conformance replay runs them.
    mkdir -p "$workdir/$app"
    if [ "$app" = showcase ]; then
        (cd "$workdir/$app" && HOST=127.0.0.1 PORT="$port" exec "$TARGET/debug/examples/showcase") > "$log" 2>&1 &
    else
        (cd "$workdir/$app" && CASE="$app" HOST=127.0.0.1 PORT="$port" exec "$TARGET/debug/tutorials") > "$log" 2>&1 &
    fi
    server=$!
    for _ in $(seq 100); do
        (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
        sleep 0.1
    done
    echo "== schemathesis: $app"
    start=$SECONDS
    status=0
    mapfile -t extra < <(auth_args "$app" "$port")
    # Run from the scratch directory: schemathesis keeps a cache (`.schemathesis/`) there.
    (cd "$workdir" && exec timeout "$APP_TIMEOUT" "$VENV/bin/st" run "http://127.0.0.1:$port/openapi.json" \
        "${extra[@]}" --checks not_a_server_error,response_schema_conformance \
        --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
        --request-timeout 10 --generation-database none --no-color) || status=$?
    kill "$server" 2> /dev/null || true
    wait "$server" 2> /dev/null || true
    server=""
    echo "-- $app: exit $status in $((SECONDS - start))s"
    if [ "$status" -ne 0 ]; then
        [ "$status" -eq 124 ] && echo "-- $app: over its ${APP_TIMEOUT}s bound"
        echo "-- $app: server log:" && tail -n 20 "$log"
        failed+=("$app")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "schemathesis failed for: ${failed[*]}"
    exit 1
fi
echo "schemathesis: ${#APPS[@]} app(s) passed"
