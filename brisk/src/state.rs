//! Application state (FastAPI's lifespan state and `request.app.state`): values made
//! once — at build time with `App::state`, or by the lifespan at startup — and read by
//! handlers, dependencies and middleware through a [`State<T>`] parameter.
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use brisk::prelude::*;
//!
//! #[derive(Default)]
//! struct Hits(AtomicU64);
//!
//! #[get("/")]
//! async fn count(hits: State<Hits>) -> String {
//!     (hits.0.fetch_add(1, Ordering::Relaxed) + 1).to_string()
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().state(Hits::default()).routes(routes![count]));
//! client.get("/").send().await;
//! assert_eq!(client.get("/").send().await.json::<String>(), "2");
//! # }
//! ```

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// The app's state values, one per type.
///
/// ```
/// use brisk::state::StateMap;
///
/// struct Db(&'static str);
///
/// let mut state = StateMap::default();
/// state.insert(Db("sqlite"));
/// assert_eq!(state.get::<Db>().map(|db| db.0), Some("sqlite"));
/// assert!(state.get::<String>().is_none());
/// ```
#[derive(Clone, Default)]
pub struct StateMap {
    values: HashMap<TypeId, (Arc<dyn Any + Send + Sync>, &'static str)>,
}

impl std::fmt::Debug for StateMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.values.values().map(|(_, name)| name)).finish()
    }
}

impl StateMap {
    /// Adds (or replaces) the value of type `T`.
    pub fn insert<T: Send + Sync + 'static>(&mut self, value: T) {
        self.insert_arc(Arc::new(value));
    }

    /// Adds (or replaces) a value already shared.
    pub fn insert_arc<T: Send + Sync + 'static>(&mut self, value: Arc<T>) {
        self.values.insert(TypeId::of::<T>(), (value, std::any::type_name::<T>()));
    }

    /// The value of type `T`, if there is one.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<State<T>> {
        let (value, _) = self.values.get(&TypeId::of::<T>())?;
        value.clone().downcast::<T>().ok().map(State)
    }

    /// True when a value of this type is present.
    pub fn contains(&self, type_id: TypeId) -> bool {
        self.values.contains_key(&type_id)
    }

    /// Moves every value of `other` into this map.
    pub fn extend(&mut self, other: StateMap) {
        self.values.extend(other.values);
    }
}

/// Where a built app keeps its state: set once, when the app starts.
///
/// ```
/// use brisk::state::{StateMap, StateSlot};
///
/// let slot = StateSlot::default();
/// let mut state = StateMap::default();
/// state.insert(7u32);
/// assert!(slot.set(state).is_ok());
/// assert_eq!(slot.get().and_then(|s| s.get::<u32>()).map(|v| *v), Some(7));
/// ```
pub type StateSlot = Arc<OnceLock<StateMap>>;

/// A state type a parameter reads, as a route's documentation records it so that the app
/// can check at start-up that every one is provided.
///
/// ```
/// use brisk::state::StateNeed;
///
/// struct Db;
/// let need = StateNeed::of::<Db>();
/// assert_eq!((need.type_id)(), std::any::TypeId::of::<Db>());
/// assert!((need.type_name)().ends_with("Db"));
/// ```
#[derive(Clone, Copy)]
pub struct StateNeed {
    /// The type's id.
    pub type_id: fn() -> TypeId,
    /// The type's name, for the start-up error.
    pub type_name: fn() -> &'static str,
}

impl StateNeed {
    /// The need for a `T`.
    pub fn of<T: 'static>() -> Self {
        StateNeed { type_id: TypeId::of::<T>, type_name: std::any::type_name::<T> }
    }
}

impl std::fmt::Debug for StateNeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "State<{}>", (self.type_name)())
    }
}

/// A parameter that reads the app's state of type `T` (axum's `State`, FastAPI's
/// `request.state` set by a lifespan): shared, read-only; put a lock or an atomic inside
/// `T` for what changes.
///
/// A route reading a state type the app never provides is an error when the app starts,
/// not when a request comes.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::state::State;
///
/// struct Greeting(String);
///
/// #[get("/")]
/// async fn hello(greeting: State<Greeting>) -> String {
///     greeting.0.clone()
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = App::new().state(Greeting("hi".into())).routes(routes![hello]);
/// let res = TestClient::new(app).get("/").send().await;
/// assert_eq!(res.json::<String>(), "hi");
/// # }
/// ```
pub struct State<T>(Arc<T>);

impl<T> State<T> {
    /// The shared value itself (to keep beyond the request, or hand to a task).
    pub fn arc(&self) -> Arc<T> {
        self.0.clone()
    }
}

impl<T> Clone for State<T> {
    fn clone(&self) -> Self {
        State(self.0.clone())
    }
}

impl<T> Deref for State<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for State<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("State").field(&self.0).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_by_type() {
        let mut m = StateMap::default();
        m.insert(5u32);
        m.insert(String::from("x"));
        assert_eq!(*m.get::<u32>().expect("u32"), 5);
        assert_eq!(m.get::<String>().expect("string").as_str(), "x");
        assert!(m.get::<u64>().is_none());
        assert!(m.contains(TypeId::of::<u32>()));
        m.insert(6u32);
        assert_eq!(*m.get::<u32>().expect("replaced"), 6);
    }
}
