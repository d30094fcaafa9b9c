//! The interactive docs pages: Swagger UI (`/docs`), its OAuth2 redirect helper
//! (`/docs/oauth2-redirect`) and ReDoc (`/redoc`).
//!
//! The HTML is FastAPI's (`fastapi/openapi/docs.py`), byte for byte except that the JavaScript
//! and CSS come from brisk itself instead of a CDN, so the pages work offline: the files are
//! vendored in `assets/` (see `assets/README.md`) and served by [`asset`]. Unlike FastAPI, the
//! title and URLs are escaped, so no setting can break out of the page.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use brisk::{App, TestClient};
//!
//! let client = TestClient::new(App::new().title("Shop"));
//! let page = client.get("/docs").send().await.text();
//! assert!(page.contains("<title>Shop - Swagger UI</title>"));
//! assert_eq!(client.get("/redoc").send().await.status(), 200);
//! # }
//! ```

use serde_json::{Map, Value};

use crate::response::HtmlResponse;

/// Settings of the docs pages (FastAPI's `swagger_ui_parameters`, titles, URLs).
///
/// An [`App`](crate::App) builds one from its settings (`title`, `docs_url`,
/// `swagger_ui_parameter`...); build one yourself to render a page of your own:
///
/// ```
/// use brisk::docs::{DocsConfig, swagger_ui_html};
///
/// let mut cfg = DocsConfig { title: "Shop".into(), ..DocsConfig::default() };
/// cfg.swagger_ui_parameters.insert("deepLinking".into(), false.into());
/// let html = swagger_ui_html(&cfg);
/// assert!(html.contains("<title>Shop - Swagger UI</title>"));
/// assert!(html.contains(r#""deepLinking": false"#));
/// ```
///
/// Guide: `guide/src/how-to/configure-swagger-ui.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct DocsConfig {
    /// The API title; the pages are titled `"{title} - Swagger UI"` and `"{title} - ReDoc"`.
    pub title: String,
    /// Where the OpenAPI document is served, e.g. `/openapi.json`.
    pub openapi_url: String,
    /// The OAuth2 redirect page's URL, passed to Swagger UI when set (and not empty).
    pub swagger_ui_oauth2_redirect_url: Option<String>,
    /// Swagger UI's configuration, rendered in order; the complete set, so start from
    /// [`default_swagger_ui_parameters`] and override (as FastAPI merges them).
    pub swagger_ui_parameters: Map<String, Value>,
    /// Arguments of Swagger UI's `ui.initOAuth(...)`, called when set (and not null or empty).
    pub swagger_ui_init_oauth: Option<Value>,
    /// The URL prefix under which [`asset`] is served, default `/docs/assets`.
    pub assets_prefix: String,
}

impl Default for DocsConfig {
    /// FastAPI's defaults: title `FastAPI`, `/openapi.json`, `/docs/oauth2-redirect`.
    fn default() -> Self {
        Self {
            title: "FastAPI".into(),
            openapi_url: "/openapi.json".into(),
            swagger_ui_oauth2_redirect_url: Some("/docs/oauth2-redirect".into()),
            swagger_ui_parameters: default_swagger_ui_parameters(),
            swagger_ui_init_oauth: None,
            assets_prefix: "/docs/assets".into(),
        }
    }
}

/// FastAPI's `swagger_ui_default_parameters`.
///
/// ```
/// let params = brisk::docs::default_swagger_ui_parameters();
/// assert_eq!(params["dom_id"], "#swagger-ui");
/// assert_eq!(params["deepLinking"], true);
/// ```
pub fn default_swagger_ui_parameters() -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("dom_id".into(), "#swagger-ui".into());
    map.insert("layout".into(), "BaseLayout".into());
    map.insert("deepLinking".into(), true.into());
    map.insert("showExtensions".into(), true.into());
    map.insert("showCommonExtensions".into(), true.into());
    map
}

const FAVICON: &str = "favicon-32x32.png";

/// The Swagger UI page (FastAPI's `get_swagger_ui_html`), titled `"{title} - Swagger UI"`,
/// loading brisk's own copies of Swagger UI's files.
///
/// ```
/// use brisk::docs::{DocsConfig, swagger_ui_html};
/// let html = swagger_ui_html(&DocsConfig::default());
/// assert!(html.contains("<title>FastAPI - Swagger UI</title>"));
/// assert!(html.contains("url: '/openapi.json'"));
/// ```
pub fn swagger_ui_html(cfg: &DocsConfig) -> String {
    let assets = cfg.assets_prefix.trim_end_matches('/');
    let mut page = SwaggerUi::new(&cfg.openapi_url, &format!("{} - Swagger UI", cfg.title))
        .swagger_js_url(&format!("{assets}/swagger-ui-bundle.js"))
        .swagger_css_url(&format!("{assets}/swagger-ui.css"))
        .swagger_favicon_url(&format!("{assets}/{FAVICON}"));
    page.oauth2_redirect_url = cfg.swagger_ui_oauth2_redirect_url.clone();
    page.init_oauth = cfg.swagger_ui_init_oauth.clone();
    page.parameters = cfg.swagger_ui_parameters.clone();
    page.render()
}

/// The arguments of FastAPI's `get_swagger_ui_html`: a Swagger UI page whose document
/// URL, title and asset URLs are set one by one (FastAPI's "Custom Docs UI Static
/// Assets"). The asset URLs default to FastAPI's (jsDelivr, FastAPI's favicon).
///
/// ```
/// use brisk::docs::{SwaggerUi, get_swagger_ui_html};
/// let page = SwaggerUi::new("/openapi.json", "Shop - Swagger UI")
///     .oauth2_redirect_url(Some("/docs/oauth2-redirect"))
///     .swagger_js_url("/static/swagger-ui-bundle.js")
///     .swagger_css_url("/static/swagger-ui.css");
/// assert!(page.render().contains(r#"<script src="/static/swagger-ui-bundle.js"></script>"#));
/// let _response = get_swagger_ui_html(page);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SwaggerUi {
    openapi_url: String,
    title: String,
    swagger_js_url: String,
    swagger_css_url: String,
    swagger_favicon_url: String,
    oauth2_redirect_url: Option<String>,
    init_oauth: Option<Value>,
    parameters: Map<String, Value>,
}

impl SwaggerUi {
    /// A page loading the document at `openapi_url`, titled `title` (whole: FastAPI's
    /// own pages add `" - Swagger UI"`).
    pub fn new(openapi_url: &str, title: &str) -> Self {
        SwaggerUi {
            openapi_url: openapi_url.to_owned(),
            title: title.to_owned(),
            swagger_js_url: "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js".into(),
            swagger_css_url: "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css".into(),
            swagger_favicon_url: "https://fastapi.tiangolo.com/img/favicon.png".into(),
            oauth2_redirect_url: None,
            init_oauth: None,
            parameters: default_swagger_ui_parameters(),
        }
    }

    /// Where Swagger UI's JavaScript bundle is loaded from.
    pub fn swagger_js_url(mut self, url: &str) -> Self {
        self.swagger_js_url = url.to_owned();
        self
    }

    /// Where Swagger UI's CSS is loaded from.
    pub fn swagger_css_url(mut self, url: &str) -> Self {
        self.swagger_css_url = url.to_owned();
        self
    }

    /// The favicon's URL.
    pub fn swagger_favicon_url(mut self, url: &str) -> Self {
        self.swagger_favicon_url = url.to_owned();
        self
    }

    /// The OAuth2 redirect page's URL (FastAPI's `oauth2_redirect_url`), none by default.
    pub fn oauth2_redirect_url(mut self, url: Option<&str>) -> Self {
        self.oauth2_redirect_url = url.map(str::to_owned);
        self
    }

    /// Arguments of Swagger UI's `ui.initOAuth(...)` (FastAPI's `init_oauth`).
    pub fn init_oauth(mut self, init: Value) -> Self {
        self.init_oauth = Some(init);
        self
    }

    /// Sets one Swagger UI parameter over FastAPI's defaults (`swagger_ui_parameters`).
    pub fn parameter(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parameters.insert(key.to_owned(), value.into());
        self
    }

    /// The page's HTML: FastAPI's, with the title and URLs escaped so no setting can
    /// break out of the page.
    pub fn render(&self) -> String {
        let title = html_escape(&self.title);
        let (js, css, icon) = (
            html_escape(&self.swagger_js_url),
            html_escape(&self.swagger_css_url),
            html_escape(&self.swagger_favicon_url),
        );
        let url = js_string(&self.openapi_url);
        let mut html = format!(
            r#"
    <!DOCTYPE html>
    <html>
    <head>
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link type="text/css" rel="stylesheet" href="{css}">
    <link rel="shortcut icon" href="{icon}">
    <title>{title}</title>
    </head>
    <body>
    <div id="swagger-ui">
    </div>
    <script src="{js}"></script>
    <!-- `SwaggerUIBundle` is now available on the page -->
    <script>
    const ui = SwaggerUIBundle({{
        url: '{url}',
    "#
        );
        for (key, value) in &self.parameters {
            html.push_str(&crate::encoding::json_dumps_html(&Value::String(key.clone())));
            html.push_str(": ");
            html.push_str(&crate::encoding::json_dumps_html(value));
            html.push_str(",\n");
        }
        if let Some(redirect) = self.oauth2_redirect_url.as_deref().filter(|u| !u.is_empty()) {
            html.push_str(&format!("oauth2RedirectUrl: window.location.origin + '{}',", js_string(redirect)));
        }
        html.push_str(
            r#"
    presets: [
        SwaggerUIBundle.presets.apis,
        SwaggerUIBundle.SwaggerUIStandalonePreset
        ],
    })"#,
        );
        if let Some(init) = self.init_oauth.as_ref().filter(|v| is_truthy(v)) {
            html.push_str("\n        ui.initOAuth(");
            html.push_str(&crate::encoding::json_dumps_html(init));
            html.push_str(")\n        ");
        }
        html.push_str("\n    </script>\n    </body>\n    </html>\n    ");
        html
    }
}

/// FastAPI's `get_swagger_ui_html`: the page as an HTML response.
///
/// ```
/// use brisk::docs::{SwaggerUi, get_swagger_ui_html};
/// let page = get_swagger_ui_html(SwaggerUi::new("/openapi.json", "Shop - Swagger UI"));
/// # let _ = page;
/// ```
///
/// Guide: `guide/src/how-to/custom-docs-ui-assets.md`.
pub fn get_swagger_ui_html(page: SwaggerUi) -> HtmlResponse {
    HtmlResponse::new(page.render())
}

/// The OAuth2 redirect page Swagger UI opens (FastAPI's `get_swagger_ui_oauth2_redirect_html`).
///
/// ```
/// assert!(brisk::docs::swagger_ui_oauth2_redirect_html().contains("<html"));
/// ```
pub fn swagger_ui_oauth2_redirect_html() -> &'static str {
    include_str!("../assets/oauth2-redirect.html")
}

/// FastAPI's `get_swagger_ui_oauth2_redirect_html`: the page as an HTML response.
///
/// ```
/// let page = brisk::docs::get_swagger_ui_oauth2_redirect_html();
/// # let _ = page;
/// ```
pub fn get_swagger_ui_oauth2_redirect_html() -> HtmlResponse {
    HtmlResponse::new(swagger_ui_oauth2_redirect_html())
}

/// The ReDoc page (FastAPI's `get_redoc_html`, minus the Google Fonts link so it works
/// offline), titled `"{title} - ReDoc"`, loading brisk's own copy of ReDoc.
///
/// ```
/// use brisk::docs::{DocsConfig, redoc_html};
/// let html = redoc_html(&DocsConfig { title: "Shop".into(), ..DocsConfig::default() });
/// assert!(html.contains("<title>Shop - ReDoc</title>"));
/// ```
pub fn redoc_html(cfg: &DocsConfig) -> String {
    let assets = cfg.assets_prefix.trim_end_matches('/');
    Redoc::new(&cfg.openapi_url, &format!("{} - ReDoc", cfg.title))
        .redoc_js_url(&format!("{assets}/redoc.standalone.js"))
        .redoc_favicon_url(&format!("{assets}/{FAVICON}"))
        .with_google_fonts(false)
        .render()
}

/// The arguments of FastAPI's `get_redoc_html`: a ReDoc page whose document URL, title
/// and asset URLs are set one by one; the asset URLs default to FastAPI's.
///
/// ```
/// use brisk::docs::{Redoc, get_redoc_html};
/// let page = Redoc::new("/openapi.json", "Shop - ReDoc").redoc_js_url("/static/redoc.standalone.js");
/// assert!(page.render().contains(r#"<redoc spec-url="/openapi.json"></redoc>"#));
/// let _response = get_redoc_html(page);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Redoc {
    openapi_url: String,
    title: String,
    redoc_js_url: String,
    redoc_favicon_url: String,
    with_google_fonts: bool,
}

impl Redoc {
    /// A page loading the document at `openapi_url`, titled `title` (whole).
    pub fn new(openapi_url: &str, title: &str) -> Self {
        Redoc {
            openapi_url: openapi_url.to_owned(),
            title: title.to_owned(),
            redoc_js_url: "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js".into(),
            redoc_favicon_url: "https://fastapi.tiangolo.com/img/favicon.png".into(),
            with_google_fonts: true,
        }
    }

    /// Where ReDoc's JavaScript is loaded from.
    pub fn redoc_js_url(mut self, url: &str) -> Self {
        self.redoc_js_url = url.to_owned();
        self
    }

    /// The favicon's URL.
    pub fn redoc_favicon_url(mut self, url: &str) -> Self {
        self.redoc_favicon_url = url.to_owned();
        self
    }

    /// Whether the page loads Google Fonts (on by default, as FastAPI's).
    pub fn with_google_fonts(mut self, on: bool) -> Self {
        self.with_google_fonts = on;
        self
    }

    /// The page's HTML: FastAPI's, with the title and URLs escaped.
    pub fn render(&self) -> String {
        let title = html_escape(&self.title);
        let (url, js, icon) =
            (html_escape(&self.openapi_url), html_escape(&self.redoc_js_url), html_escape(&self.redoc_favicon_url));
        let fonts = if self.with_google_fonts {
            "\n    <link href=\"https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700\" rel=\"stylesheet\">\n    "
        } else {
            ""
        };
        format!(
            r#"
    <!DOCTYPE html>
    <html>
    <head>
    <title>{title}</title>
    <!-- needed for adaptive design -->
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    {fonts}
    <link rel="shortcut icon" href="{icon}">
    <!--
    ReDoc doesn't change outer page styles
    -->
    <style>
      body {{
        margin: 0;
        padding: 0;
      }}
    </style>
    </head>
    <body>
    <noscript>
        ReDoc requires Javascript to function. Please enable it to browse the documentation.
    </noscript>
    <redoc spec-url="{url}"></redoc>
    <script src="{js}"> </script>
    </body>
    </html>
    "#
        )
    }
}

/// FastAPI's `get_redoc_html`: the page as an HTML response.
///
/// ```
/// use brisk::docs::{Redoc, get_redoc_html};
/// let page = get_redoc_html(Redoc::new("/openapi.json", "Shop - ReDoc").with_google_fonts(false));
/// # let _ = page;
/// ```
///
/// Guide: `guide/src/how-to/custom-docs-ui-assets.md`.
pub fn get_redoc_html(page: Redoc) -> HtmlResponse {
    HtmlResponse::new(page.render())
}

const JS: &str = "application/javascript; charset=utf-8";

/// A vendored docs asset by its name under [`DocsConfig::assets_prefix`] (e.g.
/// `swagger-ui-bundle.js`): its bytes and content type, or `None` for an unknown name.
///
/// ```
/// let (_js, content_type) = brisk::docs::asset("swagger-ui-bundle.js").expect("vendored");
/// assert_eq!(content_type, "application/javascript; charset=utf-8");
/// assert!(brisk::docs::asset("nothing.js").is_none());
/// ```
pub fn asset(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "swagger-ui-bundle.js" => (include_bytes!("../assets/swagger-ui-dist/swagger-ui-bundle.js"), JS),
        "swagger-ui.css" => (include_bytes!("../assets/swagger-ui-dist/swagger-ui.css"), "text/css; charset=utf-8"),
        "redoc.standalone.js" => (include_bytes!("../assets/redoc/redoc.standalone.js"), JS),
        FAVICON => (include_bytes!("../assets/swagger-ui-dist/favicon-32x32.png"), "image/png"),
        _ => return None,
    })
}

/// Python's truthiness of a JSON value, as FastAPI tests `if init_oauth:`.
fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Escapes text for an HTML element or a quoted attribute.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a single-quoted JavaScript string inside a `<script>` element.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\0'..='\u{1f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;
    use serde_json::json;

    fn has(html: &str, pattern: &str) -> bool {
        Regex::new(pattern).unwrap().is_match(html)
    }

    #[test]
    fn swagger_page_matches_fastapi() {
        let html = swagger_ui_html(&DocsConfig::default());
        assert!(html.contains("<title>FastAPI - Swagger UI</title>"));
        assert!(html.contains("url: '/openapi.json'"));
        assert!(html.contains("oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect'"));
        for p in [
            r##""dom_id": "#swagger-ui","##,
            r#""layout": "BaseLayout","#,
            r#""deepLinking": true,"#,
            r#""showExtensions": true,"#,
            r#""showCommonExtensions": true,"#,
        ] {
            assert!(html.contains(p), "{p}");
        }
        assert!(has(&html, r"SwaggerUIBundle\.presets\.apis,\s*SwaggerUIBundle\.SwaggerUIStandalonePreset"));
        assert!(html.contains(r#"<script src="/docs/assets/swagger-ui-bundle.js"></script>"#));
        assert!(html.contains(r#"href="/docs/assets/swagger-ui.css""#));
        assert!(!html.contains("initOAuth"));
        assert!(!html.contains("https://"), "no CDN");
    }

    #[test]
    fn swagger_page_options() {
        let mut cfg = DocsConfig {
            title: "My API".into(),
            openapi_url: "/api/v1/openapi.json".into(),
            swagger_ui_oauth2_redirect_url: None,
            assets_prefix: "/static/".into(),
            swagger_ui_init_oauth: Some(json!({"clientId": "my-client", "scopes": ["a", "b"]})),
            ..DocsConfig::default()
        };
        cfg.swagger_ui_parameters.insert("deepLinking".into(), false.into());
        cfg.swagger_ui_parameters.insert("syntaxHighlight".into(), json!({"theme": "obsidian"}));
        let html = swagger_ui_html(&cfg);
        assert!(html.contains("<title>My API - Swagger UI</title>"));
        assert!(html.contains("url: '/api/v1/openapi.json'"));
        assert!(!html.contains("oauth2RedirectUrl"));
        assert!(html.contains(r#""deepLinking": false,"#));
        // Python's json.dumps separators, and the merged key keeps its place.
        assert!(html.contains("\"layout\": \"BaseLayout\",\n\"deepLinking\": false,\n"));
        assert!(html.contains(r#""syntaxHighlight": {"theme": "obsidian"},"#));
        assert!(html.contains(r#"ui.initOAuth({"clientId": "my-client", "scopes": ["a", "b"]})"#));
        assert!(html.contains(r#"src="/static/swagger-ui-bundle.js""#));
        cfg.swagger_ui_init_oauth = Some(json!({}));
        assert!(!swagger_ui_html(&cfg).contains("initOAuth"));
    }

    #[test]
    fn swagger_page_exact_shape() {
        let html = swagger_ui_html(&DocsConfig::default());
        let tail = "\"showCommonExtensions\": true,\noauth2RedirectUrl: window.location.origin + \
                    '/docs/oauth2-redirect',\n    presets: [\n        SwaggerUIBundle.presets.apis,\n        \
                    SwaggerUIBundle.SwaggerUIStandalonePreset\n        ],\n    })\n    </script>\n    </body>\n    \
                    </html>\n    ";
        assert!(html.ends_with(tail), "{html}");
        assert!(html.starts_with("\n    <!DOCTYPE html>\n    <html>\n    <head>\n"));
    }

    #[test]
    fn hostile_values_are_escaped() {
        let evil = "</title><script>alert('x')</script>\"&";
        let mut cfg = DocsConfig {
            title: evil.into(),
            openapi_url: "/o'pen</script>\\.json".into(),
            swagger_ui_oauth2_redirect_url: Some("/r'</script>".into()),
            swagger_ui_init_oauth: Some(json!({"appName": "</script><b>&é\u{2028}"})),
            assets_prefix: "/a\"><script>".into(),
            ..DocsConfig::default()
        };
        cfg.swagger_ui_parameters.insert("k</script>".into(), "v'\"</script>".into());
        let html = swagger_ui_html(&cfg);
        assert!(html.contains(
            "<title>&lt;/title&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot;&amp; - Swagger UI</title>"
        ));
        assert!(html.contains(r"url: '/o\'pen\u003c/script\u003e\\.json',"));
        assert!(html.contains(r"window.location.origin + '/r\'\u003c/script\u003e',"));
        assert!(html.contains(r#""k\u003c/script\u003e": "v'\"\u003c/script\u003e","#));
        assert!(html.contains(r#"ui.initOAuth({"appName": "\u003c/script\u003e\u003cb\u003e\u0026\u00e9\u2028"})"#));
        assert!(html.contains(r#"href="/a&quot;&gt;&lt;script&gt;/swagger-ui.css""#));
        // Only brisk's own two script elements, and the title cannot end early.
        assert_eq!(html.matches("<script").count(), 2);
        assert_eq!(html.matches("</script>").count(), 2);
        assert_eq!(html.matches("</title>").count(), 1);

        let html = redoc_html(&cfg);
        assert!(html.contains("<title>&lt;/title&gt;"));
        assert!(html.contains(r#"<redoc spec-url="/o&#x27;pen&lt;/script&gt;\.json"></redoc>"#));
        assert_eq!(html.matches("<script").count(), 1);
        assert_eq!(html.matches("</title>").count(), 1);
    }

    #[test]
    fn json_is_python_style() {
        let out =
            crate::encoding::json_dumps_html(&json!({"a": [1, 2.5, null, true], "b": "x\ty\u{7f}😀<&>", "c": {}}));
        assert_eq!(out, r#"{"a": [1, 2.5, null, true], "b": "x\ty\u007f\ud83d\ude00\u003c\u0026\u003e", "c": {}}"#);
    }

    #[test]
    fn redoc_page_matches_fastapi() {
        let html = redoc_html(&DocsConfig::default());
        assert!(html.contains("<title>FastAPI - ReDoc</title>"));
        assert!(html.contains(r#"<redoc spec-url="/openapi.json"></redoc>"#));
        assert!(html.contains(r#"<script src="/docs/assets/redoc.standalone.js"> </script>"#));
        assert!(html.contains("initial-scale=1\">\n    \n    <link rel=\"shortcut icon\""));
        assert!(!html.contains("fonts.googleapis.com"));
        assert!(!html.contains("https://"), "no CDN");
    }

    #[test]
    fn oauth2_redirect_page_is_swagger_uis() {
        let html = swagger_ui_oauth2_redirect_html();
        assert!(html.contains("<title>Swagger UI: OAuth2 Redirect</title>"));
        assert!(html.contains("window.opener.swaggerUIRedirectOauth2"));
        assert!(
            html.contains(
                "oauth2.callback({auth: oauth2.auth, token: qp, isValid: isValid, redirectUrl: redirectUrl});"
            )
        );
        assert!(html.trim_end().ends_with("</html>"));
    }

    #[test]
    fn assets_exist() {
        let names = ["swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", FAVICON];
        for name in names {
            let (bytes, content_type) = asset(name).unwrap_or_else(|| panic!("{name}"));
            assert!(!bytes.is_empty(), "{name}");
            let want = match name.rsplit('.').next() {
                Some("js") => "application/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                _ => "image/png",
            };
            assert_eq!(content_type, want);
        }
        assert!(asset("swagger-ui-bundle.js").unwrap().0.windows(15).any(|w| w == b"SwaggerUIBundle"));
        assert!(asset("redoc.standalone.js").unwrap().0.windows(5).any(|w| w == b"redoc"));
        assert_eq!(&asset(FAVICON).unwrap().0[1..4], b"PNG");
        assert_eq!(asset("nope.js"), None);
        assert_eq!(asset("../Cargo.toml"), None);
        let pages = [swagger_ui_html(&DocsConfig::default()), redoc_html(&DocsConfig::default())];
        let re = Regex::new(r#"(?:src|href)="/docs/assets/([^"]+)""#).unwrap();
        for html in &pages {
            for cap in re.captures_iter(html) {
                assert!(asset(&cap[1]).is_some(), "page links a missing asset {}", &cap[1]);
            }
        }
    }
}
