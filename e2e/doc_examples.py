#!/usr/bin/env python3
"""Lists the public items rustdoc shows for a crate and whether each has a code example.

Reads the HTML that `cargo doc --no-deps` wrote (stable Rust: no rustdoc JSON): every item
on the crate's "all items" page (structs, enums, traits, functions, macros, type aliases,
constants, statics, derive and attribute macros) and every module's index page. An item has
an example when its top doc block holds a rendered Rust code block that doctests compile
(not `ignore`, not `compile_fail`). Items marked `#[doc(hidden)]` are not shown, so they are not listed.

    python3 e2e/doc_examples.py [--doc-dir DIR] [--list] CRATE...

DIR defaults to `$CARGO_TARGET_DIR/doc` (or `target/doc`). Exits 1, listing the items
without an example, if there is any; `--list` prints every item with `yes`/`no` first.
"""
import argparse
import html.parser
import json
import os
import pathlib
import re
import sys


class TopDoc(html.parser.HTMLParser):
    """Finds the `<details class="toggle top-doc">` block and the code blocks inside it."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # nesting of <details> inside the top doc block; 0 = outside
        self.seen = False
        self.examples = 0
        self.untested = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "details":
            if self.depth:
                self.depth += 1
            elif not self.seen and "top-doc" in classes:
                self.seen = True
                self.depth = 1
        elif tag == "div" and "example-wrap" in classes:
            # rustdoc marks the wrapper of an untested (`ignore`) or failing (`compile_fail`) block.
            self.untested = bool({"ignore", "compile_fail"} & set(classes))
        elif tag == "pre" and self.depth and "rust-example-rendered" in classes and not self.untested:
            self.examples += 1

    def handle_endtag(self, tag):
        if tag == "details" and self.depth:
            self.depth -= 1


def examples_in(page: pathlib.Path) -> int:
    parser = TopDoc()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.examples


def items(crate_dir: pathlib.Path):
    """(path as users write it, page) of every item and module rustdoc shows."""
    crate = crate_dir.name
    found = []
    # Modules from each module's sidebar list, from the crate root down (a page left over
    # from an earlier build, of a module since hidden, is not reached).
    stack = [(crate, crate_dir)]
    while stack:
        path, folder = stack.pop()
        found.append((path, folder / "index.html"))
        sidebar = (folder / "sidebar-items.js").read_text(encoding="utf-8")
        listed = json.loads(sidebar[sidebar.index("{") : sidebar.rindex("}") + 1])
        stack += [(f"{path}::{m}", folder / m) for m in reversed(listed.get("mod", []))]
    all_items = (crate_dir / "all.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', all_items)
    if not listed:
        # rustdoc's markup changed: finding nothing must not pass.
        sys.exit(f"no items found in {crate_dir / 'all.html'}: update e2e/doc_examples.py to rustdoc's markup")
    found += [(f"{crate}::{name}", crate_dir / href) for href, name in listed]
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("crates", nargs="+", help="crate names as rustdoc writes them (brisk, brisk_macros)")
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    ap.add_argument("--doc-dir", default=os.path.join(target, "doc"))
    ap.add_argument("--list", action="store_true", help="print every item with yes/no")
    args = ap.parse_args()

    missing = []
    for crate in args.crates:
        crate_dir = pathlib.Path(args.doc_dir) / crate
        if not (crate_dir / "all.html").is_file():
            sys.exit(f"no rustdoc output for {crate} in {args.doc_dir}: run `cargo doc --no-deps` first")
        shown = items(crate_dir)
        without = [name for name, page in shown if not examples_in(page)]
        if args.list:
            for name, page in shown:
                print(("no " if name in without else "yes"), name)
        modules = sum(1 for _, page in shown if page.name == "index.html")
        print(
            f"{crate}: {len(shown)} items shown ({modules} modules), "
            f"{len(shown) - len(without)} with an example, {len(without)} without"
        )
        missing += without
    if missing:
        print("\nThese public items have no code example in their doc comment: give each one")
        print("(a user names it), or mark it #[doc(hidden)] (only the macros' generated code uses it).")
        for name in missing:
            print(f"  {name}")
        sys.exit(1)


if __name__ == "__main__":
    main()
