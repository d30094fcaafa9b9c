//! The database: where it is (`DATABASE_URL`), the pool made at startup and kept in the
//! app's state, its migrations, and the per-request [`Session`] dependency.
//!
//! One code path for SQLite and Postgres: sqlx's `Any` driver. The queries are plain SQL
//! both dialects read the same (`$1` placeholders, `RETURNING`), and rows decode into the
//! same types, so an enum of two pools would only duplicate every query. Only the
//! migrations differ (an auto-incremented key is spelled differently), so there is one
//! migrations directory per backend.

use std::sync::Arc;

use brisk::depends::{Exit, Yield};
use brisk::lifespan::Lifespan;
use brisk::prelude::*;
use brisk::state::State;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

// ANCHOR: settings
/// Where the database is: `DATABASE_URL`, a SQLite file next to the app by default.
#[derive(Settings, Clone)]
pub struct Config {
    /// `sqlite://heroes.db?mode=rwc` (a file, created when missing), `sqlite::memory:`,
    /// or `postgres://user:password@host/database`.
    #[field(default = "sqlite://heroes.db?mode=rwc", alias = "DATABASE_URL")]
    pub database_url: String,
}
// ANCHOR_END: settings

impl Config {
    /// The settings for the database at `url`.
    pub fn with_url(url: impl Into<String>) -> Self {
        Config { database_url: url.into() }
    }
}

/// The two database systems the app runs on; the URL's scheme says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, embedded: `sqlite:` URLs.
    Sqlite,
    /// PostgreSQL: `postgres:` and `postgresql:` URLs.
    Postgres,
}

impl Backend {
    /// The backend a URL names, or an error naming the URL's scheme.
    pub fn of(url: &str) -> Result<Self, sqlx::Error> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(sqlx::Error::Configuration(
                format!("DATABASE_URL: unsupported scheme {scheme:?}: use sqlite: or postgres:").into(),
            )),
        }
    }

    /// This backend's migrations, embedded at compile time.
    fn migrator(self) -> &'static Migrator {
        static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
        static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");
        match self {
            Backend::Sqlite => &SQLITE,
            Backend::Postgres => &POSTGRES,
        }
    }
}

/// The app's pool, made once at startup (`State<Db>`).
pub struct Db {
    /// The pool every session takes its connection from.
    pub pool: AnyPool,
}

// ANCHOR: connect
/// Opens a pool on `url` and brings its schema up to date.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url)?;
    let mut options = AnyPoolOptions::new();
    if backend == Backend::Sqlite && (url.contains(":memory:") || url.contains("mode=memory")) {
        // An in-memory SQLite database lives as long as its one connection: keep exactly
        // one, for good.
        options = options.min_connections(1).max_connections(1).idle_timeout(None).max_lifetime(None);
    }
    let pool = options.connect(url).await?;
    backend.migrator().run(&pool).await?;
    Ok(pool)
}
// ANCHOR_END: connect

// ANCHOR: lifespan
/// The app's lifespan: the pool is made at startup (an error stops the app before it
/// serves anything) and closed at shutdown.
pub async fn open_database(config: Config) -> brisk::Result<Lifespan> {
    let pool = connect(&config.database_url).await?;
    let closing = pool.clone();
    Ok(Lifespan::new().state(Db { pool }).on_shutdown(async move {
        // Closing waits for every connection to come back; one whose request was cut off
        // at shutdown (or, in a test that panicked, whose session's exit never ran)
        // must not hold the process forever.
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, closing.close()).await;
    }))
}

/// How long shutdown waits for connections still in use before leaving them.
const CLOSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);
// ANCHOR_END: lifespan

// ANCHOR: session
/// One request's unit of work, SQLAlchemy's `Session`: a transaction begun at first use
/// and committed by [`Session::commit`]; what is not committed when the request ends is
/// rolled back.
#[derive(Clone)]
pub struct Session {
    pool: AnyPool,
    begin: &'static str,
    tx: Arc<Mutex<Option<Transaction<'static, Any>>>>,
}

impl Session {
    /// A session on `pool`; it takes a connection only when first used.
    pub fn new(pool: AnyPool) -> Self {
        // SQLite has one writer at a time. A plain (deferred) `BEGIN` that read before
        // writing cannot wait for another writer's commit: it fails at once ("database
        // is locked"). `BEGIN IMMEDIATE` takes the write lock first, waiting for it (the
        // busy timeout, 5 s), so concurrent updates queue instead of failing.
        let begin = match pool.connect_options().database_url.scheme() {
            "sqlite" => "BEGIN IMMEDIATE",
            _ => "BEGIN",
        };
        Session { pool, begin, tx: Arc::new(Mutex::new(None)) }
    }

    /// The connection of the session's transaction (begun now if none is open), to run
    /// queries on: `query.fetch_one(&mut *session.conn().await?)`.
    pub async fn conn(&self) -> Result<MappedMutexGuard<'_, AnyConnection>, sqlx::Error> {
        let mut tx = self.tx.lock().await;
        if tx.is_none() {
            *tx = Some(self.pool.begin_with(self.begin).await?);
        }
        MutexGuard::try_map(tx, |tx| tx.as_deref_mut()).map_err(|_| sqlx::Error::PoolClosed)
    }

    /// Commits the open transaction, if any; the next query begins another.
    pub async fn commit(&self) -> Result<(), sqlx::Error> {
        match self.tx.lock().await.take() {
            Some(tx) => tx.commit().await,
            None => Ok(()),
        }
    }

    /// Rolls back the open transaction, if any.
    pub async fn rollback(&self) -> Result<(), sqlx::Error> {
        match self.tx.lock().await.take() {
            Some(tx) => tx.rollback().await,
            None => Ok(()),
        }
    }
}

/// FastAPI's `get_session`: a session per request; its exit code rolls back what the
/// handler did not commit (an error it returned included) and gives the connection back.
#[dependency]
pub async fn get_session(db: State<Db>) -> Yield<Session> {
    let session = Session::new(db.pool.clone());
    let closing = session.clone();
    Yield::new(session).on_exit(|exit: Exit| async move {
        // A failed rollback drops the transaction, which rolls back as the connection
        // returns to the pool: nothing to report to a client that already has its answer.
        let _ = closing.rollback().await;
        exit
    })
}
// ANCHOR_END: session
