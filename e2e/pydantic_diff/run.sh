#!/usr/bin/env bash
# The differential test against pydantic 2: inputs drawn from a fixed seed for every type
# declared in brisk/examples/pydantic_diff.rs, validated by pydantic (as FastAPI does) and
# by brisk; prints `compared N inputs, D differences` and fails when D > 0.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"
python="$(bash e2e/pydantic_diff/venv.sh)"
cargo build -q -p brisk --example pydantic_diff ${CI:+--locked}
bin="$target/debug/examples/pydantic_diff"
out="$target/pydantic-diff"
mkdir -p "$out"
"$bin" types > "$out/types.json"
"$python" e2e/pydantic_diff/generate.py "$@" < "$out/types.json" > "$out/cases.jsonl"
"$bin" compare "$out/cases.jsonl"
