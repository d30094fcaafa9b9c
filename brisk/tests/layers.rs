//! The crate is a stack of layers (see ARCHITECTURE.md): a module may use the modules
//! below it, never one above. This test reads `src/` and fails, naming the file and the
//! path, when a module reaches up — so the module graph stays free of cycles.

use std::collections::BTreeMap;
use std::path::Path;

/// Every top-level module of `brisk/src`, bottom first.
const STACK: &[&str] = &[
    // base types
    "pyrepr",
    "error",
    "limits",
    "header_text",
    "result",
    "body",
    "background",
    "state",
    "proxy",
    "types",
    "upload",
    "encoding",
    "urls",
    "path_params",
    // models and their schema generator
    "model",
    "forms",
    "settings",
    // pure operation descriptors
    "operation",
    // the request
    "request",
    // extraction and responses, side by side
    "params_model",
    "params",
    "validators",
    "response",
    "response_model",
    // what serves files and renders templates
    "staticfiles",
    "templating",
    // runtime: dependencies, the handler, the exception registry
    "exceptions",
    "teardown",
    "context",
    "depends",
    "security",
    "handler",
    "next",
    "websocket",
    // routing, OpenAPI, docs
    "routing",
    "router",
    "openapi",
    "docs",
    // the application around the routes: lifespan, middleware
    "lifespan",
    "middleware",
    // app, server, test client
    "app",
    "server",
    "testclient",
];

/// Macros of brisk's used inside brisk: the module whose items their expansion uses.
const MACROS: &[(&str, &str)] = &[("dependency", "depends"), ("get", "handler"), ("post", "handler")];

fn rank(module: &str) -> Option<usize> {
    STACK.iter().position(|m| *m == module)
}

/// The source without comments and without the trailing `#[cfg(test)] mod tests`.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The modules a file names through `crate::module` paths, `crate::{a, b}` groups
/// included.
fn uses(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push(name);
            }
        } else {
            out.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn no_module_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut violations = Vec::new();
    let mut seen = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        if rel == "lib.rs" {
            continue;
        }
        let module = rel.split('/').next().unwrap_or("").trim_end_matches(".rs").to_owned();
        let Some(own) = rank(&module) else {
            violations
                .push(format!("{rel}: module `{module}` is not in the stack; add it to STACK and ARCHITECTURE.md"));
            continue;
        };
        seen.insert(module.clone(), ());
        let text = std::fs::read_to_string(&file).expect("readable");
        for used in uses(&code(&text)) {
            let target = MACROS.iter().find(|(m, _)| *m == used).map(|(_, t)| t.to_string()).unwrap_or(used.clone());
            if let Some(r) = rank(&target)
                && r > own
            {
                violations.push(format!("{rel}: `{module}` uses `crate::{used}`, which is above it"));
            }
        }
    }
    for m in STACK {
        assert!(seen.contains_key(*m), "`{m}` is in the stack but not in src/: remove it from STACK");
    }
    assert!(violations.is_empty(), "modules reaching up the stack:\n{}", violations.join("\n"));
}

#[test]
fn the_scan_finds_paths_and_groups() {
    let found = uses("use crate::{error::X, model};\nfn f() { crate::app::App::new(); }");
    assert_eq!(found, vec!["error", "model", "app"]);
    assert_eq!(code("a // crate::app\n#[cfg(test)]\nmod tests { crate::app }"), "a ");
}
