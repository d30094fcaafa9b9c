//! FastAPI's "SQL (Relational) Databases" tutorial (its heroes app, tutorial002) in
//! brisk, on sqlx: SQLite by default, Postgres when `DATABASE_URL` says so. The guide's
//! page `guide/src/tutorial/sql-databases.md` walks through it.

pub mod database;
pub mod errors;
pub mod heroes;
pub mod models;

use brisk::App;

pub use database::{Config, Db, Session, get_session};

// ANCHOR: app
/// The app on the database `config` names: the pool is made by the lifespan, database
/// errors are answered by [`errors::database_error`].
pub fn app(config: Config) -> App {
    App::new()
        .routes(heroes::routes())
        .exception_handler(errors::database_error)
        .lifespan(move || database::open_database(config.clone()))
}
// ANCHOR_END: app
