//! FastAPI's tutorial apps ported to brisk: one app per conformance case. The `CASE`
//! environment variable picks the app; `HOST` and `PORT` say where to serve it.

mod cases;

/// The title FastAPI gives an app by default; the ports keep it so their OpenAPI
/// documents match FastAPI's.
pub fn fastapi_app() -> brisk::App {
    brisk::App::new().title("FastAPI")
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("{}", cases::NAMES.join("\n"));
        return;
    }
    let case = std::env::var("CASE").unwrap_or_default();
    let Some(app) = cases::app(&case) else {
        eprintln!("unknown CASE {case:?}; known cases:");
        for name in cases::NAMES {
            eprintln!("  {name}");
        }
        std::process::exit(2);
    };
    if let Err(e) = brisk::serve(app).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
