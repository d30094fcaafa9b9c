#!/usr/bin/env bash
# Creates (once) the virtual environment with the oracle's pydantic and FastAPI, and prints
# its python. Reused when its requirements have not changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${PYDANTIC_VENV:-${CARGO_TARGET_DIR:-$here/../../target}/pydantic-venv}"
stamp="$venv/.requirements"
if ! cmp -s "$here/requirements.txt" "$stamp" 2> /dev/null; then
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
    cp "$here/requirements.txt" "$stamp"
fi
echo "$venv/bin/python"
