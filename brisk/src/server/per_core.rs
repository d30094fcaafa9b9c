//! Thread-per-core serving ([`Threading::PerCore`](super::Threading::PerCore)): one
//! single-threaded runtime per worker thread, each accepting on its own `SO_REUSEPORT`
//! listener bound to the same address, so the kernel spreads connections and each stays
//! on the thread that accepted it (actix-web's model). The app's startup, the signal and
//! the app's shutdown run on the calling thread's runtime.

use std::future::Future;
use std::net::{SocketAddr, ToSocketAddrs};

use socket2::{Domain, Protocol, Socket, Type};
use tokio::sync::{oneshot, watch};

use super::config::ServerConfig;
use super::shutdown::CutOff;
use super::{announce, install_subscriber, serve_started, start};
use crate::app::App;

/// Serves `app` on one runtime per worker until `shutdown`, then drains every worker.
pub(super) fn run(
    config: ServerConfig,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let workers = match config.workers {
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let main = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    main.block_on(async move {
        install_subscriber(&config.log_level);
        let addr = resolve(&config.addr())?;
        // Bound before the startup runs, as the work-stealing mode binds first.
        let first = reuse_port_listener(addr)?;
        let addr = first.local_addr()?;
        let mut listeners = vec![first];
        for _ in 1..workers {
            listeners.push(reuse_port_listener(addr)?);
        }
        let service = start(app, &config).await?;
        announce(&service, addr);
        let (stop, stopped) = watch::channel(false);
        let mut finished = Vec::new();
        for (i, listener) in listeners.into_iter().enumerate() {
            let (done, finish) = oneshot::channel::<std::io::Result<CutOff>>();
            let (service, config, mut stopped) = (service.clone(), config.clone(), stopped.clone());
            let spawned = std::thread::Builder::new().name(format!("brisk-worker-{i}")).spawn(move || {
                let served = tokio::runtime::Builder::new_current_thread().enable_all().build().and_then(|rt| {
                    rt.block_on(async move {
                        let listener = tokio::net::TcpListener::from_std(listener)?;
                        let shutdown = async move {
                            let _ = stopped.wait_for(|s| *s).await;
                        };
                        Ok(serve_started(&service, listener, shutdown, &config).await)
                    })
                });
                let _ = done.send(served);
            });
            if let Err(e) = spawned {
                let _ = stop.send(true);
                return Err(e);
            }
            finished.push(finish);
        }
        shutdown.await;
        let _ = stop.send(true);
        let mut failure = None;
        for finish in finished {
            match finish.await {
                Ok(Ok(_cut)) => {}
                Ok(Err(e)) => failure = Some(e),
                Err(_) => failure = Some(std::io::Error::other("a worker thread panicked")),
            }
        }
        service.shutdown().await;
        failure.map_or(Ok(()), Err)
    })
}

fn resolve(addr: &str) -> std::io::Result<SocketAddr> {
    addr.to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{addr} resolves to no address")))
}

/// A non-blocking listener on `addr` that other sockets may bind too (`SO_REUSEPORT`).
fn reuse_port_listener(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    #[cfg(unix)]
    socket.set_reuse_port(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}
