//! The accept loop: each connection spawned into the server's set of live connections,
//! until the shutdown future completes.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::activity::{Activity, ConnTimeouts, ServerLoad};
use super::connection;
use super::service::{RequestRules, connection_service};
use crate::app::AppService;

/// What every connection of a server shares.
pub(super) struct Serving {
    pub(super) app: AppService,
    pub(super) protocols: Arc<connection::Protocols>,
    pub(super) rules: Arc<RequestRules>,
    pub(super) timeouts: ConnTimeouts,
    pub(super) load: Arc<ServerLoad>,
    pub(super) draining: watch::Receiver<bool>,
}

/// Accepts connections until `shutdown`, serving each on a task in `connections`
/// (finished ones are reaped as it goes).
pub(super) async fn accept(
    listener: &TcpListener,
    shutdown: impl std::future::Future<Output = ()>,
    serving: &Serving,
    connections: &mut JoinSet<()>,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        // Out of file descriptors and the like: back off, keep serving.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let activity = Arc::new(Activity::new(serving.load.clone()));
                let service = connection_service(serving.app.clone(), peer, activity.clone(), serving.rules.clone());
                connections.spawn(connection::serve(
                    serving.protocols.clone(),
                    stream,
                    activity,
                    service,
                    serving.timeouts,
                    serving.draining.clone(),
                ));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = &mut shutdown => break,
        }
    }
}
