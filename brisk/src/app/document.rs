//! The app's OpenAPI document, rendered on its first request and kept (FastAPI's
//! `app.openapi()` caches it the same way): an app whose document is never asked for
//! never pays for it, in start-up time or in memory.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use serde_json::Value;

use super::OpenApiModifier;
use crate::openapi::{self, OpenApiInfo};
use crate::response::ResponseClass;
use crate::routing::{Route, RouteInfo};

/// What the document is made from, and the document once made.
pub(super) struct Document {
    pub(super) info: OpenApiInfo,
    /// The HTTP routes (WebSocket routes are not in OpenAPI, as in FastAPI).
    pub(super) routes: Vec<Arc<RouteInfo>>,
    pub(super) webhooks: Vec<Route>,
    pub(super) default_response_class: ResponseClass,
    /// The `servers` list, the root path's entry included.
    pub(super) servers: Vec<Value>,
    /// Whether servers were declared (they are part of FastAPI's document model, so
    /// they sit in its key order; the root path's entry alone is added at the end).
    pub(super) declared_servers: bool,
    pub(super) modifiers: Vec<OpenApiModifier>,
    pub(super) json: OnceLock<Bytes>,
}

impl Document {
    /// The document as served, rendered on the first call.
    pub(super) fn json(&self) -> &Bytes {
        self.json.get_or_init(|| self.render())
    }

    fn render(&self) -> Bytes {
        let hooks: Vec<Arc<RouteInfo>> =
            self.webhooks.iter().map(|r| Arc::new(RouteInfo::new(r, self.default_response_class))).collect();
        let mut doc = openapi::build(&self.info, &self.routes, &hooks);
        if !self.servers.is_empty() {
            doc["servers"] = Value::Array(self.servers.clone());
            if self.declared_servers {
                openapi::fastapi_order(&mut doc);
            }
        }
        for modify in &self.modifiers {
            modify(&mut doc);
        }
        // A `Value` has string keys only, so writing it cannot fail.
        serde_json::to_vec(&doc).map(Bytes::from).unwrap_or_default()
    }
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("routes", &self.routes.len())
            .field("rendered", &self.json.get().is_some())
            .finish()
    }
}
