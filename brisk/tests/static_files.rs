//! `StaticFiles` as Starlette 1.10 serves files: headers, conditional requests, HEAD,
//! 405, ranges, HTML mode, the directory check, content types, streaming, and every kind
//! of attempt to read outside the directory.

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use brisk::prelude::*;
use brisk::staticfiles::StaticFiles;
use http_body_util::BodyExt;
use serde_json::{Value, json};

/// A served directory `root/static` beside a file that must never be served,
/// `root/secret.txt`.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    dir: PathBuf,
}

fn site() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let dir = root.join("static");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(root.join("secret.txt"), "top secret").unwrap();
    std::fs::write(dir.join("sample.txt"), "This is a sample static file.").unwrap();
    std::fs::write(dir.join("sub/data.json"), "{\"ok\": true}\n").unwrap();
    Site { _tmp: tmp, root, dir }
}

fn set_mtime(path: &Path, nanos: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(UNIX_EPOCH + Duration::from_nanos(nanos)).unwrap();
}

fn client(files: StaticFiles) -> TestClient {
    TestClient::new(App::new().mount_service_as("static", "/static", files))
}

#[tokio::test]
async fn files_are_sent_with_starlettes_headers() {
    let s = site();
    let file = s.dir.join("sample.txt");
    let c = client(StaticFiles::new(&s.dir));
    // Starlette's etag is the MD5 of `f"{st_mtime}-{st_size}"` (values from Python).
    for (nanos, etag, date) in [
        (1_795_998_163_123_456_789, "3bcd5b9a87809a23d5c05d08878920bc", "Mon, 30 Nov 2026 00:22:43 GMT"),
        (1_700_000_000_000_000_000, "df6d19f7aad36aca548dffd993ab28e8", "Tue, 14 Nov 2023 22:13:20 GMT"),
        (1_234_567_890_500_000_000, "8b706c803665962b88ed83bf0052da23", "Fri, 13 Feb 2009 23:31:30 GMT"),
    ] {
        set_mtime(&file, nanos);
        let res = c.get("/static/sample.txt").send().await;
        assert_eq!((res.status(), res.text()), (200, "This is a sample static file.".to_owned()));
        assert_eq!(res.header("etag"), Some(format!("\"{etag}\"").as_str()));
        assert_eq!(res.header("last-modified"), Some(date));
    }
    let res = c.get("/static/sample.txt").send().await;
    let names: Vec<&str> = res.headers().keys().map(|k| k.as_str()).collect();
    assert_eq!(names, ["content-type", "accept-ranges", "content-length", "last-modified", "etag"]);
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(res.header("accept-ranges"), Some("bytes"));
    assert_eq!(res.header("content-length"), Some("29"));
}

#[tokio::test]
async fn content_types_are_guessed_from_the_extension() {
    let s = site();
    for (name, ct) in [
        ("a.css", "text/css; charset=utf-8"),
        ("a.html", "text/html; charset=utf-8"),
        ("a.json", "application/json"),
        ("a.png", "image/png"),
        ("a.unknownext", "application/octet-stream"),
        ("noext", "application/octet-stream"),
    ] {
        std::fs::write(s.dir.join(name), "x").unwrap();
        let res = client(StaticFiles::new(&s.dir)).get(&format!("/static/{name}")).send().await;
        assert_eq!((res.status(), res.header("content-type")), (200, Some(ct)), "{name}");
    }
}

#[tokio::test]
async fn etags_and_dates_answer_304() {
    let s = site();
    let c = client(StaticFiles::new(&s.dir));
    let first = c.get("/static/sample.txt").send().await;
    let etag = first.header("etag").unwrap().to_owned();
    let modified = first.header("last-modified").unwrap().to_owned();
    for tags in [etag.clone(), format!("W/{etag}"), format!("\"x\", {etag}"), "*".to_owned()] {
        let res = c.get("/static/sample.txt").header("if-none-match", &tags).send().await;
        assert_eq!(res.status(), 304, "{tags}");
        assert!(res.bytes().is_empty());
        let names: Vec<&str> = res.headers().keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["etag"]);
    }
    // A different tag decides alone, whatever the date says.
    let res = c.get("/static/sample.txt").header("if-none-match", "\"other\"").header("if-modified-since", &modified);
    assert_eq!(res.send().await.status(), 200);
    let res = c.get("/static/sample.txt").header("if-modified-since", &modified).send().await;
    assert_eq!(res.status(), 304);
    let later = "Fri, 01 Jan 2100 00:00:00 GMT";
    assert_eq!(c.get("/static/sample.txt").header("if-modified-since", later).send().await.status(), 304);
    let earlier = "Thu, 01 Jan 1998 00:00:00 GMT";
    assert_eq!(c.get("/static/sample.txt").header("if-modified-since", earlier).send().await.status(), 200);
    assert_eq!(c.get("/static/sample.txt").header("if-modified-since", "garbage").send().await.status(), 200);
}

#[tokio::test]
async fn head_sends_the_headers_alone_and_other_methods_405() {
    let s = site();
    let c = client(StaticFiles::new(&s.dir));
    let res = c.head("/static/sample.txt").send().await;
    assert_eq!((res.status(), res.bytes().len()), (200, 0));
    assert_eq!(res.header("content-length"), Some("29"));
    assert!(res.header("etag").is_some());
    for method in [http::Method::POST, http::Method::PUT, http::Method::DELETE, http::Method::PATCH] {
        let res = c.request(method.clone(), "/static/sample.txt").send().await;
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.header("allow"), Some("GET, HEAD"));
        assert_eq!(res.json::<Value>(), json!({"detail": "Method Not Allowed"}));
    }
}

#[tokio::test]
async fn missing_files_are_the_apps_404() {
    let s = site();
    let res = client(StaticFiles::new(&s.dir)).get("/static/missing.txt").send().await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.json::<Value>(), json!({"detail": "Not Found"}));
    // A directory outside HTML mode is not a file.
    assert_eq!(client(StaticFiles::new(&s.dir)).get("/static/sub/").send().await.status(), 404);
    // The app's own handler answers what the mount raises.
    let app = App::new()
        .http_exception_handler(|_req: &Request, e: HttpException| {
            PlainTextResponse::new(format!("custom {}", e.status().as_u16()))
                .status(e.status().as_u16())
                .into_response()
        })
        .mount_service("/static", StaticFiles::new(&s.dir));
    let c = TestClient::new(app);
    let res = c.get("/static/missing.txt").send().await;
    assert_eq!((res.status(), res.text()), (404, "custom 404".to_owned()));
    let res = c.post("/static/sample.txt").send().await;
    assert_eq!((res.status(), res.text()), (405, "custom 405".to_owned()));
    assert_eq!(c.get("/static/sample.txt").send().await.status(), 200);
}

#[cfg(unix)]
#[tokio::test]
async fn nothing_outside_the_directory_is_served() {
    let s = site();
    let secret = s.root.join("secret.txt");
    let abs = secret.to_str().unwrap().trim_start_matches('/').to_owned();
    std::os::unix::fs::symlink(&secret, s.dir.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&s.root, s.dir.join("up")).unwrap();
    std::os::unix::fs::symlink(s.dir.join("sample.txt"), s.dir.join("inside.txt")).unwrap();
    let c = client(StaticFiles::new(&s.dir));
    let attempts = [
        "/static/../secret.txt".to_owned(),
        "/static/sub/../../secret.txt".to_owned(),
        "/static/%2e%2e/secret.txt".to_owned(),
        "/static/%2E%2E/secret.txt".to_owned(),
        "/static/..%2fsecret.txt".to_owned(),
        "/static/sub%2F..%2F..%2Fsecret.txt".to_owned(),
        "/static/%2e%2e%2f%2e%2e%2fsecret.txt".to_owned(),
        "/static/..\\secret.txt".to_owned(),
        "/static/..%5csecret.txt".to_owned(),
        "/static/%5c..%5csecret.txt".to_owned(),
        format!("/static//{abs}"),
        format!("/static/%2f{abs}"),
        format!("/static/%5c{abs}"),
        "/static/link.txt".to_owned(),
        "/static/up/secret.txt".to_owned(),
        "/static/sample.txt%00".to_owned(),
        "/static/%00/../secret.txt".to_owned(),
        format!("/static/{}", "a".repeat(5000)),
    ];
    for path in &attempts {
        let res = c.get(path).send().await;
        assert_ne!(res.status(), 200, "{path}");
        assert!(!res.text().contains("top secret"), "{path}");
    }
    // A symlink to a file inside the directory is served, and a path that leaves the
    // directory and comes back into it is what Starlette serves too.
    assert_eq!(c.get("/static/inside.txt").send().await.status(), 200);
    assert_eq!(c.get("/static/../static/sample.txt").send().await.status(), 200);
    // follow_symlink: links may point out (their names still may not).
    let c = client(StaticFiles::new(&s.dir).follow_symlink(true));
    let res = c.get("/static/link.txt").send().await;
    assert_eq!((res.status(), res.text()), (200, "top secret".to_owned()));
    assert_eq!(c.get("/static/../secret.txt").send().await.status(), 404);
    assert_eq!(c.get("/static/%2e%2e/secret.txt").send().await.status(), 404);
}

#[tokio::test]
async fn html_mode_serves_index_pages_redirects_and_404_html() {
    let s = site();
    std::fs::write(s.dir.join("index.html"), "<h1>home</h1>").unwrap();
    std::fs::write(s.dir.join("sub/index.html"), "<h1>sub</h1>").unwrap();
    let c = client(StaticFiles::new(&s.dir).html(true));
    let res = c.get("/static/").send().await;
    assert_eq!((res.status(), res.text()), (200, "<h1>home</h1>".to_owned()));
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    let res = c.get("/static/sub?x=1").send().await;
    assert_eq!((res.status(), res.header("location")), (307, Some("http://testserver/static/sub/?x=1")));
    let res = c.get("/static/sub/").send().await;
    assert_eq!((res.status(), res.text()), (200, "<h1>sub</h1>".to_owned()));
    // No 404.html: the app's 404.
    assert_eq!(c.get("/static/nope").send().await.json::<Value>(), json!({"detail": "Not Found"}));
    std::fs::write(s.dir.join("404.html"), "<h1>lost</h1>").unwrap();
    let res = c.get("/static/nope").send().await;
    assert_eq!((res.status(), res.text()), (404, "<h1>lost</h1>".to_owned()));
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    // Ranges are not served on a 404 page.
    let res = c.get("/static/nope").header("range", "bytes=0-1").send().await;
    assert_eq!(res.status(), 404);
    // Behind a root path, the redirect keeps it.
    let app = App::new().root_path("/api").mount_service("/static", StaticFiles::new(&s.dir).html(true));
    let res = TestClient::new(app).get("/static/sub").send().await;
    assert_eq!(res.header("location"), Some("http://testserver/api/static/sub/"));
}

#[tokio::test]
async fn a_missing_directory_fails_the_build() {
    let missing = std::env::temp_dir().join(format!("brisk-no-such-dir-{}", std::process::id()));
    let err = App::new().mount_service("/static", StaticFiles::new(&missing)).into_service().unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(err.to_string().contains(&missing.display().to_string()), "{err}");
    assert!(StaticFiles::try_new(&missing).is_err());
    // A mounted app's missing directory fails the outer build too.
    let sub = App::new().mount_service("/static", StaticFiles::new(&missing));
    assert!(App::new().mount("/sub", sub).into_service().is_err());
    // Without check_dir the app builds, and a request answers 500 until it exists.
    let c = client(StaticFiles::new(&missing).check_dir(false));
    assert_eq!(c.get("/static/x").send().await.status(), 500);
    // A file is not a directory.
    let s = site();
    assert!(StaticFiles::try_new(s.dir.join("sample.txt")).is_err());
}

#[tokio::test]
async fn byte_ranges_as_starlette_serves_them() {
    let s = site();
    let c = client(StaticFiles::new(&s.dir));
    let res = c.get("/static/sample.txt").header("range", "bytes=0-3").send().await;
    assert_eq!((res.status(), res.text()), (206, "This".to_owned()));
    assert_eq!(res.header("content-range"), Some("bytes 0-3/29"));
    assert_eq!(res.header("content-length"), Some("4"));
    assert_eq!(res.headers().keys().last().map(|k| k.as_str()), Some("content-range"));
    let res = c.get("/static/sample.txt").header("range", "bytes=-5").send().await;
    assert_eq!((res.status(), res.text()), (206, "file.".to_owned()));
    let res = c.get("/static/sample.txt").header("range", "bytes=0-3,10-15").send().await;
    assert_eq!(res.status(), 206);
    let ct = res.header("content-type").unwrap().to_owned();
    let boundary = ct.strip_prefix("multipart/byteranges; boundary=").unwrap();
    assert_eq!(boundary.len(), 26);
    let expected = format!(
        "--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-3/29\r\n\r\nThis\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-15/29\r\n\r\nsample\r\n\
         --{boundary}--"
    );
    assert_eq!(res.text(), expected);
    assert_eq!(res.header("content-length"), Some(expected.len().to_string().as_str()));
    let res = c.get("/static/sample.txt").header("range", "bytes=40-").send().await;
    assert_eq!((res.status(), res.header("content-range")), (416, Some("bytes */29")));
    let res = c.get("/static/sample.txt").header("range", "bytes").send().await;
    assert_eq!((res.status(), res.text()), (400, "Malformed range header.".to_owned()));
    let res = c.get("/static/sample.txt").header("range", "bytes=5-2").send().await;
    assert_eq!((res.status(), res.text()), (400, "Range header: start must be less than end".to_owned()));
    // If-Range: the range only while the file is what the client has.
    let etag = c.get("/static/sample.txt").send().await.header("etag").unwrap().to_owned();
    let res = c.get("/static/sample.txt").header("range", "bytes=0-3").header("if-range", &etag).send().await;
    assert_eq!(res.status(), 206);
    let res = c.get("/static/sample.txt").header("range", "bytes=0-3").header("if-range", "\"stale\"").send().await;
    assert_eq!((res.status(), res.bytes().len()), (200, 29));
    // HEAD of a range: its headers.
    let res = c.head("/static/sample.txt").header("range", "bytes=0-3").send().await;
    assert_eq!((res.status(), res.header("content-length"), res.bytes().len()), (206, Some("4"), 0));
}

#[tokio::test]
async fn large_files_are_streamed_in_chunks() {
    let s = site();
    let size = 3 * 1024 * 1024 + 17;
    let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    std::fs::write(s.dir.join("big.bin"), &data).unwrap();
    let files = StaticFiles::new(&s.dir);
    let req = http::Request::get("/big.bin").body(brisk::Body::empty()).unwrap();
    let res = files.serve(req).await;
    assert_eq!(res.headers()["content-length"], size.to_string().as_str());
    let mut body = res.into_body();
    let mut received = Vec::new();
    let mut frames = 0;
    while let Some(frame) = body.frame().await {
        let chunk = frame.unwrap().into_data().unwrap();
        assert!(chunk.len() <= 64 * 1024, "a chunk of {} bytes", chunk.len());
        received.extend_from_slice(&chunk);
        frames += 1;
    }
    assert!(frames >= size / (64 * 1024), "{frames} frames");
    assert!(received == data);
}

#[tokio::test]
async fn url_for_names_the_static_mount() {
    let s = site();
    #[get("/where")]
    async fn where_(request: Request) -> String {
        request.url_for("static", [("path", "/styles.css")]).map(|u| u.to_string()).unwrap_or_default()
    }
    let app = App::new().root_path("/proxy").routes(routes![where_]).mount_service_as(
        "static",
        "/static",
        StaticFiles::new(&s.dir),
    );
    let res = TestClient::new(app).get("/where").send().await;
    assert_eq!(res.json::<String>(), "http://testserver/proxy/static/styles.css");
}
