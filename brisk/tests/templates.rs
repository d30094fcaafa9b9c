//! `Templates` as FastAPI's `Jinja2Templates`: HTML autoescape as Jinja2 with
//! markupsafe writes it, `request` and `url_for` in templates (under a mount, behind a
//! root path), status and headers, a failing or missing template answered 500, and
//! templates read again when their file changes.

use std::path::Path;
use std::sync::Arc;

use brisk::prelude::*;
use brisk::templating::TemplateResponse;
use brisk::{StaticFiles, Templates};
use serde_json::json;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// One route rendering the template named in `?t=` with `?v=` as `value`.
fn app(templates: Templates, static_dir: &Path) -> App {
    #[get("/items/{id}")]
    async fn read_item(request: Request, id: String, templates: State<Templates>) -> TemplateResponse {
        let q = |name: &str| {
            brisk::request::query_pairs(request.query_str()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
        };
        let (t, v) = (q("t").unwrap_or_default(), q("v").unwrap_or_default());
        templates.response(&request, &t, json!({"id": id, "value": v, "none": null, "yes": true}))
    }
    App::new().state(templates).routes(routes![read_item]).mount_service_as(
        "static",
        "/static",
        StaticFiles::new(static_dir),
    )
}

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    std::fs::create_dir_all(dir.join("static")).unwrap();
    write(&dir, "templates/page.html", "<p>{{ value }}</p>\n");
    write(&dir, "templates/page.txt", "{{ value }}|{{ value|e }}\n");
    write(&dir, "templates/page.xml", "<v>{{ value }}</v>");
    write(&dir, "templates/safe.html", "{{ value|safe }}|{{ value|e }}|{{ none }}|{{ yes }}|{{ missing }}");
    write(
        &dir,
        "templates/links.html",
        "{{ url_for('static', path='/styles.css') }} {{ url_for('read_item', id=id) }} \
         {{ url_for('read_item', id=id).path }} {{ url_for('static', path='/a b&c.css') }}",
    );
    write(
        &dir,
        "templates/request.html",
        "{{ request.method }} {{ request.url }} {{ request.url.path }} {{ request.query_params.v }} {{ request.headers['x-name'] }}",
    );
    write(&dir, "templates/broken.html", "{{ url_for('nope') }}");
    write(&dir, "templates/syntax.html", "{% if %}");
    write(&dir, "templates/base.html", "[{% block body %}{% endblock %}]");
    write(&dir, "templates/child.html", "{% extends 'base.html' %}{% block body %}{{ value }}{% endblock %}");
    write(&dir, "secret.html", "top secret");
    Fixture { _tmp: tmp, dir }
}

fn client(f: &Fixture) -> TestClient {
    TestClient::new(app(Templates::new(f.dir.join("templates")), &f.dir.join("static")))
}

#[tokio::test]
async fn html_templates_are_escaped_as_jinja2_escapes() {
    let f = fixture();
    let c = client(&f);
    let v = "%3Ca%20href%3D%22x%22%3E'%26'%3C%2Fa%3E"; // <a href="x">'&'</a>
    let res = c.get(&format!("/items/1?t=page.html&v={v}")).send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    // One trailing newline is dropped, as Jinja2 drops it.
    assert_eq!(res.text(), "<p>&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;</p>");
    let res = c.get(&format!("/items/1?t=page.xml&v={v}")).send().await;
    assert_eq!(res.text(), "<v>&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;</v>");
    // Not an HTML template: as it is, unless escaped on purpose.
    let res = c.get(&format!("/items/1?t=page.txt&v={v}")).send().await;
    assert_eq!(res.text(), "<a href=\"x\">'&'</a>|&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    let res = c.get("/items/1?t=safe.html&v=%3Cb%3E").send().await;
    assert_eq!(res.text(), "<b>|&lt;b&gt;|None|True|");
    let res = c.get("/items/1?t=child.html&v=%3Cb%3E").send().await;
    assert_eq!(res.text(), "[&lt;b&gt;]");
}

#[tokio::test]
async fn url_for_and_request_in_templates() {
    let f = fixture();
    let c = client(&f);
    let res = c.get("/items/42?t=links.html").send().await;
    assert_eq!(
        res.text(),
        "http://testserver/static/styles.css http://testserver/items/42 /items/42 \
         http://testserver/static/a b&amp;c.css"
    );
    let res = c.get("/items/7?t=request.html&v=hi").header("x-name", "<me>").send().await;
    assert_eq!(res.text(), "GET http://testserver/items/7?t=request.html&amp;v=hi /items/7 hi &lt;me&gt;");
    // Behind a root path and inside a mounted app, the outermost app's names and root.
    let sub = app(Templates::new(f.dir.join("templates")), &f.dir.join("static"));
    let outer = App::new().root_path("/api").mount_as("shop", "/shop", sub);
    // Names are the outermost app's, as Starlette's `scope["router"]`: inside the mount,
    // `static` and `read_item` are `shop:static` and `shop:read_item`.
    let res = TestClient::new(outer).get("/shop/items/42?t=links.html").send().await;
    assert_eq!(res.status(), 500);
    write(
        &f.dir,
        "templates/shop.html",
        "{{ url_for('shop:read_item', id=id) }} {{ url_for('shop:static', path='x.css').path }}",
    );
    let sub = app(Templates::new(f.dir.join("templates")), &f.dir.join("static"));
    let outer = App::new().root_path("/api").mount_as("shop", "/shop", sub);
    let res = TestClient::new(outer).get("/shop/items/5?t=shop.html").send().await;
    assert_eq!(res.text(), "http://testserver/api/shop/items/5 /api/shop/static/x.css");
    // `request.url` is the whole URL, mount and root path included.
    let sub = app(Templates::new(f.dir.join("templates")), &f.dir.join("static"));
    let outer = App::new().root_path("/api").mount_as("shop", "/shop", sub);
    let c = TestClient::new(outer);
    for path in ["/shop/items/7?t=request.html&v=hi", "/api/shop/items/7?t=request.html&v=hi"] {
        let res = c.get(path).header("x-name", "me").send().await;
        assert_eq!(
            res.text(),
            "GET http://testserver/api/shop/items/7?t=request.html&amp;v=hi /api/shop/items/7 hi me"
        );
    }
}

#[tokio::test]
async fn status_headers_and_media_type_are_settable() {
    #[get("/made")]
    async fn made(request: Request, templates: State<Templates>) -> TemplateResponse {
        templates
            .response(&request, "page.html", json!({"value": "v"}))
            .status(201)
            .header("x-extra", "1")
            .header("bad header", "left out")
    }
    #[get("/xml")]
    async fn xml(request: Request, templates: State<Templates>) -> TemplateResponse {
        templates.response(&request, "page.xml", json!({"value": "v"})).media_type("application/xml")
    }
    let f = fixture();
    let app = App::new().state(Templates::new(f.dir.join("templates"))).routes(routes![made, xml]);
    let c = TestClient::new(app);
    let res = c.get("/made").send().await;
    assert_eq!((res.status(), res.header("x-extra"), res.text()), (201, Some("1"), "<p>v</p>".to_owned()));
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    let res = c.get("/xml").send().await;
    assert_eq!(res.header("content-type"), Some("application/xml"));
}

#[tokio::test]
async fn failures_answer_500_naming_the_template() {
    let f = fixture();
    let c = client(&f);
    for t in ["broken.html", "syntax.html", "missing.html", "../secret.html", "..%2Fsecret.html"] {
        let res = c.get(&format!("/items/1?t={t}")).send().await;
        assert_eq!((res.status(), res.text()), (500, "Internal Server Error".to_owned()), "{t}");
    }
    let templates = Templates::new(f.dir.join("templates"));
    let (parts, _) = http::Request::get("/x").body(()).unwrap().into_parts();
    let req = Request::new(parts, brisk::Body::empty(), Vec::new(), Arc::default());
    let err = templates.render(&req, "missing.html", json!({})).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.template(), "missing.html");
    assert!(err.to_string().contains("\"missing.html\" not found in"), "{err}");
    let err = templates.render(&req, "broken.html", json!({})).unwrap_err();
    assert!(!err.is_not_found());
    assert!(err.to_string().starts_with("template \"broken.html\" failed to render"), "{err}");
    assert!(err.to_string().contains("No route exists for name \"nope\""), "{err}");
    let err = templates.render(&req, "syntax.html", json!({})).unwrap_err();
    assert!(err.to_string().contains("syntax.html"), "{err}");
    assert!(templates.render(&req, "../secret.html", json!({})).unwrap_err().is_not_found());
}

#[tokio::test]
async fn changed_files_are_read_again() {
    let f = fixture();
    let templates = Templates::new(f.dir.join("templates"));
    let (parts, _) = http::Request::get("/x").body(()).unwrap().into_parts();
    let req = Request::new(parts, brisk::Body::empty(), Vec::new(), Arc::default());
    assert_eq!(templates.render(&req, "child.html", json!({"value": 1})).unwrap(), "[1]");
    // The parent changes: a later modification time.
    let base = f.dir.join("templates/base.html");
    std::fs::write(&base, "({% block body %}{% endblock %})").unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(10);
    std::fs::File::options().write(true).open(&base).unwrap().set_modified(later).unwrap();
    assert_eq!(templates.render(&req, "child.html", json!({"value": 1})).unwrap(), "(1)");
}

#[tokio::test]
async fn context_processors_add_to_every_template() {
    let f = fixture();
    let templates =
        Templates::new(f.dir.join("templates")).context_processor(|req: &Request| json!({"value": req.uri().path()}));
    let (parts, _) = http::Request::get("/from/processor").body(()).unwrap().into_parts();
    let req = Request::new(parts, brisk::Body::empty(), Vec::new(), Arc::default());
    assert_eq!(templates.render(&req, "page.html", json!({"value": "route"})).unwrap(), "<p>/from/processor</p>");
}
