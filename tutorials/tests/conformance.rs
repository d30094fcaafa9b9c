//! Replays the recorded FastAPI exchanges of every ported tutorial in-process, through
//! `brisk::TestClient`: the same checks as `../shared/conformance/replay` (status, headers,
//! body as strictly typed JSON or exact text, the OpenAPI document), without a socket.
//! The case files in `tests/fixtures/` are copies of the recordings, never edited.
//!
//! Each ported case is its own test, named after the case, so a failure names it and
//! `cargo test -p tutorials --test conformance -- NAME` picks cases (a `libtest-mimic`
//! harness over `tutorials::cases::NAMES`). The cases change the process's environment
//! and current directory, so they run one at a time, whatever `--test-threads` says.

use std::path::Path;
use std::sync::Mutex;

use base64::Engine;
use brisk::TestClient;
use serde_json::{Map, Value};

const IGNORED_HEADERS: [&str; 6] =
    ["date", "server", "content-length", "transfer-encoding", "connection", "keep-alive"];

fn fixture(case: &str) -> Option<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{case}.json"));
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Where two byte strings first differ, if they do.
fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => Some(i),
        None if a.len() != b.len() => Some(a.len().min(b.len())),
        None => None,
    }
}

fn form_encode(fields: &[Value]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for f in fields {
        s.append_pair(f[0].as_str().unwrap_or(""), f[1].as_str().unwrap_or(""));
    }
    s.finish()
}

fn body_bytes(body: &Value) -> Vec<u8> {
    match body["kind"].as_str() {
        Some("json") => serde_json::to_vec(&body["value"]).unwrap_or_default(),
        Some("raw") => match (body.get("text"), body.get("base64")) {
            (Some(Value::String(t)), _) => t.as_bytes().to_vec(),
            (_, Some(Value::String(b))) => base64::engine::general_purpose::STANDARD.decode(b).unwrap_or_default(),
            _ => Vec::new(),
        },
        Some("form") => form_encode(body["fields"].as_array().map(Vec::as_slice).unwrap_or(&[])).into_bytes(),
        Some("multipart") => {
            // As the replay tool's `encode_body`: CRLF lines, a content type only for file
            // parts that have one.
            let boundary = body["boundary"].as_str().filter(|b| !b.is_empty()).unwrap_or("oracle-boundary-4f1c2a9e");
            let mut out = Vec::new();
            for part in body["parts"].as_array().cloned().unwrap_or_default() {
                out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
                let name = part["name"].as_str().unwrap_or("");
                let mut disposition = format!("Content-Disposition: form-data; name=\"{name}\"");
                if let Some(f) = part["filename"].as_str() {
                    disposition.push_str(&format!("; filename=\"{f}\""));
                }
                out.extend_from_slice(disposition.as_bytes());
                out.extend_from_slice(b"\r\n");
                let ct = match (part.get("filename").is_some(), part.get("content_type")) {
                    (true, None) => Some("application/octet-stream"),
                    (_, Some(Value::String(c))) if !c.is_empty() => Some(c.as_str()),
                    _ => None,
                };
                if let Some(ct) = ct {
                    out.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
                }
                out.extend_from_slice(b"\r\n");
                // `base64` wins over `text`, as in the tool.
                match (part.get("base64"), part.get("text")) {
                    (Some(Value::String(b)), _) => {
                        out.extend(base64::engine::general_purpose::STANDARD.decode(b).unwrap_or_default())
                    }
                    (None, Some(Value::String(t))) => out.extend_from_slice(t.as_bytes()),
                    _ => {}
                }
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
            out
        }
        other => panic!("body kind {other:?} is not supported by this replay yet"),
    }
}

fn at<'a>(v: &'a Value, path: &[Value]) -> Vec<&'a Value> {
    let Some((first, rest)) = path.split_first() else { return vec![v] };
    match (first, v) {
        (Value::String(s), Value::Array(items)) if s == "*" => items.iter().flat_map(|i| at(i, rest)).collect(),
        (Value::String(k), Value::Object(m)) => m.get(k).map(|x| at(x, rest)).unwrap_or_default(),
        (Value::Number(n), Value::Array(items)) => {
            n.as_u64().and_then(|i| items.get(i as usize)).map(|x| at(x, rest)).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Applies the body matchers by replacing matched values in both documents by `null`
/// after checking them, so the rest compares exactly.
fn apply_body_matchers(expected: &mut Value, got: &mut Value, matchers: &[Value], problems: &mut Vec<String>) {
    for m in matchers.iter().filter(|m| m["in"] == "body") {
        let path = m["path"].as_array().cloned().unwrap_or_default();
        let kind = m["kind"].as_str().unwrap_or("");
        for v in at(got, &path) {
            let ok = match kind {
                "any" => true,
                "any_string" => v.is_string(),
                "regex" => v.as_str().is_some_and(|s| {
                    regex::Regex::new(&format!("^(?:{})$", m["pattern"].as_str().unwrap_or("")))
                        .is_ok_and(|r| r.is_match(s))
                }),
                "unordered" => true,
                _ => false,
            };
            if !ok {
                problems.push(format!("matcher {m} failed on {v}"));
            }
        }
        for doc in [&mut *expected, &mut *got] {
            blank(doc, &path, kind == "unordered");
        }
    }
}

fn blank(v: &mut Value, path: &[Value], sort: bool) {
    let Some((first, rest)) = path.split_first() else {
        if sort {
            if let Value::Array(items) = v {
                items.sort_by_key(|a| a.to_string());
            }
        } else {
            *v = Value::Null;
        }
        return;
    };
    match (first, v) {
        (Value::String(s), Value::Array(items)) if s == "*" => items.iter_mut().for_each(|i| blank(i, rest, sort)),
        (Value::String(k), Value::Object(m)) => {
            if let Some(x) = m.get_mut(k) {
                blank(x, rest, sort)
            }
        }
        (Value::Number(n), Value::Array(items)) => {
            if let Some(x) = n.as_u64().and_then(|i| items.get_mut(i as usize)) {
                blank(x, rest, sort)
            }
        }
        _ => {}
    }
}

/// A Python `re.fullmatch`. The recorded patterns are conjunctions of lookaheads,
/// `(?s)(?=.*A)(?=.*B).*`, which Rust's `regex` has no syntax for: each `A` must be found.
fn text_matches(pattern: &str, text: &str) -> bool {
    let mut parts = Vec::new();
    let mut rest = pattern.strip_prefix("(?s)").unwrap_or(pattern);
    while let Some(body) = rest.strip_prefix("(?=") {
        let mut depth = 1;
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else { return false };
        parts.push(format!("(?s){}", &body[..end]));
        rest = &body[end + 1..];
    }
    if parts.is_empty() {
        return regex::Regex::new(&format!("^(?:{pattern})$")).is_ok_and(|r| r.is_match(text));
    }
    parts.iter().all(|p| regex::Regex::new(p).is_ok_and(|r| r.is_match(text)))
}

async fn replay(case: &str) -> Vec<String> {
    let data = fixture(case).unwrap_or_else(|| panic!("no fixture for {case}; run tests/fixtures/update.sh"));
    let env: Vec<(String, String)> = data["env"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned())).collect())
        .unwrap_or_default();
    for (k, v) in &env {
        // SAFETY: the cases run one at a time (`ONE_CASE_AT_A_TIME`), so no other thread
        // reads the environment while it changes.
        unsafe { std::env::set_var(k, v) };
    }
    // Removes the variables once the app is built, and also if building it panics, so a
    // failing case leaves no variable behind for the next ones.
    let env_guard = EnvGuard(env.iter().map(|(k, _)| k.clone()).collect());
    // Like the replay tool, run each case in a fresh directory holding its fixture files.
    let dir = std::env::temp_dir().join(format!("brisk-conformance-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
    if let Some(fixtures) = data["fixtures"].as_object() {
        for (name, content) in fixtures {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("fixture dir: {e}"));
            }
            let bytes = match content {
                Value::String(t) => t.as_bytes().to_vec(),
                other => base64::engine::general_purpose::STANDARD
                    .decode(other["base64"].as_str().unwrap_or(""))
                    .unwrap_or_default(),
            };
            std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
        }
    }
    std::env::set_current_dir(&dir).unwrap_or_else(|e| panic!("chdir: {e}"));
    let app = tutorials::cases::app(case).unwrap_or_else(|| panic!("{case} is not ported"));
    // A case recorded behind a server's root path is tested with it (uvicorn's --root-path).
    let app = match tutorials::cases::server_root_path(case) {
        Some(root) => app.root_path(root),
        None => app,
    };
    drop(env_guard);
    let client = TestClient::new(app);
    let mut problems = Vec::new();
    if let (Some(url), Some(doc)) = (data["openapi_url"].as_str(), data.get("openapi").filter(|d| !d.is_null())) {
        let res = client.get(url).send().await;
        let got: Value = serde_json::from_slice(res.bytes()).unwrap_or(Value::Null);
        if &got != doc {
            problems.push(format!("openapi differs:\n  expected {doc}\n  got      {got}"));
        } else if let Some(at) = first_difference(res.bytes(), &serde_json::to_vec(doc).unwrap_or_default()) {
            // Same meaning, different bytes: FastAPI's key order, so that a service moving
            // to brisk shows no diff.
            let got = res.bytes();
            let context = String::from_utf8_lossy(&got[at.saturating_sub(80)..(at + 40).min(got.len())]);
            problems.push(format!("openapi key order differs at byte {at}: ...{context}..."));
        }
    }
    for (i, ex) in data["exchanges"].as_array().cloned().unwrap_or_default().iter().enumerate() {
        let req = &ex["request"];
        let method = req["method"].as_str().unwrap_or("GET").parse().unwrap_or(http::Method::GET);
        let mut r = client.request(method, req["path"].as_str().unwrap_or("/")).clear_headers();
        for h in req["headers"].as_array().cloned().unwrap_or_default() {
            let (k, v) = (h[0].as_str().unwrap_or(""), h[1].as_str().unwrap_or(""));
            if k != "content-length" {
                r = r.append_header(k, v);
            }
        }
        if !req["body"].is_null() {
            r = r.body(body_bytes(&req["body"]));
        }
        let res = r.send().await;
        let want = &ex["response"];
        let label = format!("#{i} {} {}", req["method"], req["path"]);
        let matchers = ex["match"].as_array().cloned().unwrap_or_default();
        if want["status"].as_u64() != Some(res.status() as u64) {
            problems.push(format!("{label}: status {} != expected {}", res.status(), want["status"]));
        }
        let mut expected_headers: Map<String, Value> = Map::new();
        for h in want["headers"].as_array().cloned().unwrap_or_default() {
            let k = h[0].as_str().unwrap_or("").to_owned();
            if let Value::Array(vs) = expected_headers.entry(k).or_insert_with(|| Value::Array(vec![])) {
                vs.push(h[1].clone());
            }
        }
        for (k, vs) in &expected_headers {
            if IGNORED_HEADERS.contains(&k.as_str()) || matchers.iter().any(|m| m["in"] == "header" && m["name"] == *k)
            {
                continue;
            }
            let got: Vec<Value> =
                res.headers().get_all(k.as_str()).iter().map(|v| Value::from(v.to_str().unwrap_or(""))).collect();
            if &Value::Array(got.clone()) != vs {
                problems.push(format!("{label}: header {k}: {got:?} != expected {vs}"));
            }
        }
        for k in res.headers().keys() {
            if !IGNORED_HEADERS.contains(&k.as_str()) && !expected_headers.contains_key(k.as_str()) {
                problems.push(format!("{label}: unexpected header {k}"));
            }
        }
        let body = &want["body"];
        if let Some(json) = body.get("json") {
            let mut expected = json.clone();
            let mut got: Value = serde_json::from_slice(res.bytes()).unwrap_or(Value::String(res.text()));
            apply_body_matchers(&mut expected, &mut got, &matchers, &mut problems);
            if got != expected {
                problems.push(format!("{label}: body {got} != expected {expected}"));
            }
        } else if let Some(text) = body.get("text").and_then(Value::as_str) {
            if let Some(m) = matchers.iter().find(|m| m["in"] == "text") {
                if !text_matches(m["pattern"].as_str().unwrap_or(""), &res.text()) {
                    problems.push(format!("{label}: text does not match {}", m["pattern"]));
                }
            } else if res.text() != text {
                problems.push(format!("{label}: text {:?} != expected {text:?}", res.text()));
            }
        } else if let Some(b64) = body.get("base64").and_then(Value::as_str) {
            let want = base64::engine::general_purpose::STANDARD.decode(b64).unwrap_or_default();
            if res.bytes().as_ref() != want.as_slice() {
                problems.push(format!(
                    "{label}: body bytes differ ({} bytes, expected {})",
                    res.bytes().len(),
                    want.len()
                ));
            }
        } else if body.get("empty").is_some() && !res.bytes().is_empty() {
            problems.push(format!("{label}: expected an empty body, got {:?}", res.text()));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    problems
}

/// Removes the named environment variables when dropped.
struct EnvGuard(Vec<String>);

impl Drop for EnvGuard {
    fn drop(&mut self) {
        for k in &self.0 {
            // SAFETY: as where they are set, the cases run one at a time.
            unsafe { std::env::remove_var(k) };
        }
    }
}

/// Held for the whole of a case: its environment variables and current directory are
/// the process's.
static ONE_CASE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// One case: its exchanges replayed on a fresh runtime; a case without a fixture panics.
fn run_case(case: &'static str) -> Result<(), libtest_mimic::Failed> {
    // A case that panicked poisons the lock; the next ones still run.
    let _one = ONE_CASE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("tokio runtime: {e}"));
    let problems = runtime.block_on(replay(case));
    drop(runtime);
    if problems.is_empty() { Ok(()) } else { Err(format!("{case}:\n  {}", problems.join("\n  ")).into()) }
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let trials =
        tutorials::cases::http_names().map(|case| libtest_mimic::Trial::test(case, move || run_case(case))).collect();
    libtest_mimic::run(&args, trials).exit();
}
