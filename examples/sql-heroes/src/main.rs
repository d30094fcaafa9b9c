//! Serves the heroes app (`cargo run -p sql-heroes`; docs at `/docs`), on the database
//! `DATABASE_URL` names: `heroes.db` in the working directory by default.

use sql_heroes::{Config, app};

#[tokio::main]
async fn main() {
    let config = match Config::load() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = brisk::serve(app(config)).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
