#!/usr/bin/env bash
# Builds the user guide (guide/, an mdBook) with no network, and checks what mdBook lets
# through: a page that is still only its title, an `{{#include}}` naming a missing file or
# anchor, a broken relative link between pages. mdBook is installed once per machine into
# a cache dir when missing (a release build from crates.io: 2.5 CPU-minutes, 12 minutes on a busy 2-core machine).
# The guide's code samples are tests (guide/tests, tutorials/) run by `cargo test --workspace`.
set -euo pipefail
cd "$(dirname "$0")/.."

MDBOOK_VERSION=0.5.4
TOOLS="${BRISK_TOOLS:-$HOME/.cache/brisk-tools}"
MDBOOK="$TOOLS/bin/mdbook"
if ! "$MDBOOK" --version 2> /dev/null | grep -qF "v$MDBOOK_VERSION"; then
    echo "installing mdBook $MDBOOK_VERSION into $TOOLS"
    # The book's own build needs neither the file watcher nor the dev server.
    CARGO_TARGET_DIR="$TOOLS/build" cargo install mdbook --locked --no-default-features \
        --features search --version "$MDBOOK_VERSION" --root "$TOOLS"
    rm -rf "$TOOLS/build"
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$MDBOOK" build guide 2>&1 | tee "$log"

python3 - "$log" <<'PY'
"""The guide's checks; every failure is listed before the exit."""
import pathlib, re, sys

src = pathlib.Path("guide/src")
failures = []

# mdBook reports a missing include, a bad link in SUMMARY.md... as a warning and goes on.
for line in pathlib.Path(sys.argv[1]).read_text().splitlines():
    if re.search(r"\b(WARN|ERROR)\b", line):
        failures.append(f"mdBook: {line.strip()}")

summary = (src / "SUMMARY.md").read_text()
pages = [src / p for p in re.findall(r"\]\(([^)]+\.md)\)", summary)]

for page in pages:
    text = page.read_text()
    name = page.relative_to(src)
    if sum(1 for line in text.splitlines() if line.strip()) < 10:
        failures.append(f"{name}: only its title (fewer than 10 non-empty lines): write the page")

    for target, anchor in re.findall(r"\{\{#include\s+([^}:\s]+)(?::([^}\s]*))?\s*\}\}", text):
        file = page.parent / target
        if not file.is_file():
            failures.append(f"{name}: {{{{#include {target}}}}}: no such file")
        elif anchor and not re.fullmatch(r"[0-9]*", anchor):
            if not re.search(rf"ANCHOR:\s*{re.escape(anchor)}\b", file.read_text()):
                failures.append(f"{name}: {{{{#include {target}:{anchor}}}}}: no anchor {anchor!r}")

    # Relative links to other pages (and their #fragments); external links are not followed.
    for target in re.findall(r"\]\((?!https?:|mailto:|#)([^)#\s]+\.md)(?:#[^)\s]*)?\)", text):
        if not (page.parent / target).is_file():
            failures.append(f"{name}: link to {target}: no such page")

for failure in failures:
    print(f"guide: {failure}", file=sys.stderr)
if failures:
    sys.exit(f"guide: {len(failures)} problem(s)")
print(f"guide: {len(pages)} pages built and checked")
PY
