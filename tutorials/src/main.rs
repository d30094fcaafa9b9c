//! Serves one ported tutorial app: `CASE` picks it, `HOST` and `PORT` say where.
//! `--list` names the cases the HTTP oracle replays, `--list-websocket` those the
//! WebSocket oracle replays.

use tutorials::cases;

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("{}", cases::http_names().collect::<Vec<_>>().join("\n"));
        return;
    }
    if std::env::args().any(|a| a == "--list-websocket") {
        println!("{}", cases::WEBSOCKET.join("\n"));
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
    let mut config = match brisk::server::ServerConfig::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    if let Some(root) = cases::server_root_path(&case) {
        config.root_path = Some(root.to_owned());
    }
    if let Err(e) = brisk::server::serve_with(app, config).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
