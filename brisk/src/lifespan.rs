//! The app's lifespan (FastAPI's `lifespan` and `on_startup` / `on_shutdown` events):
//! work run once before the first request is accepted — opening pools, loading models,
//! making the app's state — and once after the server has drained.
//!
//! A startup that fails stops the app before it accepts anything: `serve` returns the
//! error, and a `TestClient` fails the test.
//!
//! ```
//! use brisk::prelude::*;
//!
//! struct Pool(&'static str);
//!
//! #[get("/")]
//! async fn root(pool: State<Pool>) -> &'static str {
//!     pool.0
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let app = App::new().routes(routes![root]).lifespan(|| async {
//!     // Startup: open the pool; shutdown: close it.
//!     Ok(Lifespan::new().state(Pool("sqlite")).on_shutdown(async { println!("closed") }))
//! });
//! let client = TestClient::new(app);
//! assert_eq!(client.get("/").send().await.json::<String>(), "sqlite");
//! client.close().await;
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use crate::state::{StateMap, StateNeed, StateSlot};

/// An error as a lifespan or a hook returns it.
///
/// ```
/// use brisk::lifespan::{BoxError, HookOutput};
///
/// let failed: Result<(), BoxError> = brisk::Result::Err(brisk::Error::msg("no database")).into_result();
/// assert_eq!(failed.unwrap_err().to_string(), "no database");
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type StartFn = Arc<dyn Fn() -> BoxFuture<Result<Lifespan, BoxError>> + Send + Sync>;
type StopFn = Arc<dyn Fn() -> BoxFuture<()> + Send + Sync>;

/// What a lifespan's startup gives the app: its state, and the work to run at shutdown
/// (what follows the `yield` of FastAPI's lifespan).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::lifespan::Lifespan;
/// use brisk::state::State;
///
/// struct Model(f64);
///
/// #[get("/predict")]
/// async fn predict(x: f64, model: State<Model>) -> serde_json::Value {
///     serde_json::json!({"result": x * model.0})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = App::new().routes(routes![predict]).lifespan(|| async {
///     let model = Model(42.0); // loaded once, at startup
///     Ok(Lifespan::new().state(model).on_shutdown(async { println!("released") }))
/// });
/// let client = TestClient::new(app);
/// assert_eq!(client.get("/predict?x=2").send().await.json::<serde_json::Value>()["result"], 84.0);
/// client.close().await; // runs the shutdown work
/// # }
/// ```
#[derive(Default)]
pub struct Lifespan {
    state: StateMap,
    shutdown: Vec<BoxFuture<()>>,
}

impl std::fmt::Debug for Lifespan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lifespan").field("state", &self.state).field("shutdown", &self.shutdown.len()).finish()
    }
}

impl Lifespan {
    /// Nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a state value, read by `State<T>` parameters.
    pub fn state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }

    /// Adds a state value already shared (keep a clone for the shutdown work).
    pub fn state_arc<T: Send + Sync + 'static>(mut self, value: Arc<T>) -> Self {
        self.state.insert_arc(value);
        self
    }

    /// Adds work to run at shutdown, after the server has drained.
    pub fn on_shutdown(mut self, work: impl Future<Output = ()> + Send + 'static) -> Self {
        self.shutdown.push(Box::pin(work));
        self
    }
}

/// What a startup hook may return: nothing, or a `brisk::Result<()>` whose error stops
/// the app.
///
/// ```
/// use brisk::App;
///
/// let app = App::new()
///     .on_startup(|| async { println!("starting") })
///     .on_startup(|| async { brisk::Result::Ok(()) });
/// # let _ = app;
/// ```
pub trait HookOutput: Send + 'static {
    /// The error, if the hook failed.
    fn into_result(self) -> Result<(), BoxError>;
}

impl HookOutput for () {
    fn into_result(self) -> Result<(), BoxError> {
        Ok(())
    }
}

impl HookOutput for crate::Result<()> {
    fn into_result(self) -> Result<(), BoxError> {
        self.map_err(Into::into)
    }
}

/// Why an app could not start.
///
/// ```
/// use brisk::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = App::new().on_startup(|| async { Err::<(), _>(brisk::Error::msg("no database")) });
/// let err = TestClient::new(app).start().await.unwrap_err();
/// assert!(err.to_string().contains("no database"), "{err}");
/// # }
/// ```
///
/// Guide: `guide/src/advanced/events.md`.
#[derive(Debug)]
pub struct StartupError(pub String);

impl std::fmt::Display for StartupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "startup failed: {}", self.0)
    }
}

impl std::error::Error for StartupError {}

/// The lifespan work an app was given, in the order it was added.
///
/// ```
/// use brisk::lifespan::{Hooks, Lifespan};
///
/// let mut hooks = Hooks::default();
/// assert!(!hooks.has_startup());
/// hooks.lifespan(|| async { Ok(Lifespan::new().state(42u32)) });
/// hooks.on_shutdown(|| async {});
/// assert!(hooks.has_startup());
/// ```
#[derive(Clone, Default)]
pub struct Hooks {
    startup: Vec<StartFn>,
    shutdown: Vec<StopFn>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks").field("startup", &self.startup.len()).field("shutdown", &self.shutdown.len()).finish()
    }
}

impl Hooks {
    /// Adds a lifespan: startup work giving state and shutdown work.
    pub fn lifespan<F, Fut>(&mut self, f: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = crate::Result<Lifespan>> + Send + 'static,
    {
        self.startup.push(Arc::new(move || {
            let fut = f();
            Box::pin(async move { fut.await.map_err(Into::into) })
        }));
    }

    /// Adds a startup hook (FastAPI's `@app.on_event("startup")`).
    pub fn on_startup<F, Fut>(&mut self, f: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HookOutput,
    {
        self.startup.push(Arc::new(move || {
            let fut = f();
            Box::pin(async move { fut.await.into_result().map(|()| Lifespan::new()) })
        }));
    }

    /// Adds a shutdown hook (FastAPI's `@app.on_event("shutdown")`).
    pub fn on_shutdown<F, Fut>(&mut self, f: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.shutdown.push(Arc::new(move || Box::pin(f())));
    }

    /// True when there is startup work: the app's state is complete only after it.
    pub fn has_startup(&self) -> bool {
        !self.startup.is_empty()
    }
}

/// A built app's lifespan: runs the startup work once, keeps the shutdown work until
/// shutdown, and checks that the state has every type the routes read.
#[doc(hidden)]
pub struct Lifecycle {
    hooks: Hooks,
    state: StateMap,
    slot: StateSlot,
    needs: Vec<(String, StateNeed)>,
    phase: tokio::sync::Mutex<Phase>,
    pending: Mutex<Vec<BoxFuture<()>>>,
}

impl std::fmt::Debug for Lifecycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lifecycle").field("hooks", &self.hooks).field("state", &self.state).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Built,
    Started,
    Failed(String),
    Stopped,
}

impl Lifecycle {
    /// The lifespan of an app with `hooks`, state known at build time, and the state its
    /// routes read (`(route, need)`). With no startup work, the state is complete now:
    /// it is set at once, and a missing type is an error now.
    pub fn new(
        hooks: Hooks,
        state: StateMap,
        slot: StateSlot,
        needs: Vec<(String, StateNeed)>,
    ) -> Result<Self, StartupError> {
        let life = Lifecycle {
            hooks,
            state,
            slot,
            needs,
            phase: tokio::sync::Mutex::new(Phase::Built),
            pending: Mutex::new(Vec::new()),
        };
        if !life.hooks.has_startup() {
            check(&life.state, &life.needs)?;
            let _ = life.slot.set(life.state.clone());
        }
        Ok(life)
    }

    /// Runs the startup work (once: later calls give the first outcome): hooks and
    /// lifespans in the order they were added, then the state check.
    pub async fn startup(&self) -> Result<(), StartupError> {
        let mut phase = self.phase.lock().await;
        match &*phase {
            Phase::Built => {}
            Phase::Started | Phase::Stopped => return Ok(()),
            Phase::Failed(e) => return Err(StartupError(e.clone())),
        }
        let mut state = self.state.clone();
        for start in &self.hooks.startup {
            match start().await {
                Ok(life) => {
                    state.extend(life.state);
                    self.lock_pending().extend(life.shutdown);
                }
                Err(e) => {
                    let e = chain(&*e);
                    *phase = Phase::Failed(e.clone());
                    return Err(StartupError(e));
                }
            }
        }
        if let Err(e) = check(&state, &self.needs) {
            *phase = Phase::Failed(e.0.clone());
            return Err(e);
        }
        if self.hooks.has_startup() {
            let _ = self.slot.set(state);
        }
        *phase = Phase::Started;
        Ok(())
    }

    /// Runs the shutdown work once: the lifespans' (the last started first), then the
    /// `on_shutdown` hooks in the order they were added. Nothing when never started.
    pub async fn shutdown(&self) {
        let mut phase = self.phase.lock().await;
        // Started, or built with no startup work (so only `on_shutdown` hooks to run).
        let runs = match &*phase {
            Phase::Started => true,
            Phase::Built => !self.hooks.has_startup(),
            Phase::Failed(_) | Phase::Stopped => false,
        };
        if !runs {
            return;
        }
        *phase = Phase::Stopped;
        drop(phase);
        self.shutdown_work().await;
    }

    /// The shutdown work as one future, taken out (for a shutdown that cannot be awaited
    /// where it is decided, as when a `TestClient` is dropped). Empty after a shutdown.
    pub fn take_shutdown(&self) -> Option<impl Future<Output = ()> + Send + 'static> {
        let mut phase = self.phase.try_lock().ok()?;
        if *phase != Phase::Started {
            return None;
        }
        *phase = Phase::Stopped;
        let pending = std::mem::take(&mut *self.lock_pending());
        let hooks = self.hooks.shutdown.clone();
        if pending.is_empty() && hooks.is_empty() {
            return None;
        }
        Some(run_shutdown(pending, hooks))
    }

    async fn shutdown_work(&self) {
        let pending = std::mem::take(&mut *self.lock_pending());
        run_shutdown(pending, self.hooks.shutdown.clone()).await;
    }

    fn lock_pending(&self) -> std::sync::MutexGuard<'_, Vec<BoxFuture<()>>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }
}

async fn run_shutdown(pending: Vec<BoxFuture<()>>, hooks: Vec<StopFn>) {
    for work in pending.into_iter().rev() {
        work.await;
    }
    for hook in hooks {
        hook().await;
    }
}

/// Every state type a route reads must be in the state.
fn check(state: &StateMap, needs: &[(String, StateNeed)]) -> Result<(), StartupError> {
    let missing: Vec<String> = needs
        .iter()
        .filter(|(_, need)| !state.contains((need.type_id)()))
        .map(|(route, need)| format!("{route} reads State<{}>", (need.type_name)()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(StartupError(format!(
        "{}, which the app's state does not have (give it with App::state or a lifespan)",
        missing.join("; ")
    )))
}

/// An error and its sources, `: `-separated.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
