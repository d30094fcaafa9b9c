#!/usr/bin/env bash
# Creates (once) the virtual environment with openapi-python-client, and prints its python.
# Reused when its requirements have not changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${CLIENTS_VENV:-${CARGO_TARGET_DIR:-$here/../../../target}/clients-venv}"
stamp="$venv/.requirements"
if ! cmp -s "$here/requirements.txt" "$stamp" 2> /dev/null; then
    if ! python3 -m venv "$venv" >&2; then
        # Debian's python3 keeps venv (ensurepip) in a separate package.
        apt-get update -q > /dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv > /dev/null
        python3 -m venv --clear "$venv" >&2
    fi
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
    cp "$here/requirements.txt" "$stamp"
fi
echo "$venv/bin/python"
