//! A fresh database per test: an in-memory SQLite one, or, when `DATABASE_URL` names a
//! Postgres server, a new database on it (dropped by [`TestDb::drop`]).

#![allow(dead_code)] // each test binary uses part of it

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{AnyPool, Connection};

/// A database of the test's own.
pub struct TestDb {
    /// Its URL, for `Config::with_url`.
    pub url: String,
    /// The Postgres server's URL and the database's name, to drop it.
    postgres: Option<(String, String)>,
    /// The SQLite file's directory, removed with it.
    _dir: Option<tempfile::TempDir>,
}

/// The Postgres server the suite runs against, if `DATABASE_URL` names one.
fn postgres_server() -> Option<String> {
    let url = std::env::var("DATABASE_URL").ok()?;
    (url.starts_with("postgres:") || url.starts_with("postgresql:")).then_some(url)
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let base = url.split('?').next().unwrap_or(url);
    let (server, _) = base.rsplit_once('/').expect("DATABASE_URL names a database: postgres://host/database");
    format!("{server}/{name}")
}

impl TestDb {
    /// A fresh database that lives as long as its pool: in memory for SQLite.
    pub async fn new() -> TestDb {
        Self::create("sqlite::memory:".to_owned(), None).await
    }

    /// A fresh database that outlives its pool (a file for SQLite), for restarting the app.
    pub async fn persistent() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("heroes.db").display());
        Self::create(url, Some(dir)).await
    }

    async fn create(sqlite_url: String, dir: Option<tempfile::TempDir>) -> TestDb {
        let Some(server) = postgres_server() else {
            return TestDb { url: sqlite_url, postgres: None, _dir: dir };
        };
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!("heroes_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        sqlx::any::install_default_drivers();
        let mut admin = sqlx::AnyConnection::connect(&server).await.expect("connecting to DATABASE_URL");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("CREATE DATABASE");
        admin.close().await.expect("closing the admin connection");
        TestDb { url: with_database(&server, &name), postgres: Some((server, name)), _dir: dir }
    }

    /// A pool on the database, to look at it beside the app.
    pub async fn pool(&self) -> AnyPool {
        sql_heroes::database::connect(&self.url).await.expect("connecting to the test database")
    }

    /// Drops the database (Postgres; a SQLite one goes with its pool or directory).
    pub async fn drop(self) {
        if let Some((server, name)) = &self.postgres {
            let mut admin = sqlx::AnyConnection::connect(server).await.expect("connecting to DATABASE_URL");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin)
                .await
                .expect("DROP DATABASE");
            admin.close().await.expect("closing the admin connection");
        }
    }
}
