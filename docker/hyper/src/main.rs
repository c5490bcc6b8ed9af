// pb-hyper: listens on --listen-host:--listen-port and forwards every request to the upstream through a keep-alive pool.
#[path = "../../rust-common/args.rs"]
mod args;
mod proxy;
mod tls;

use std::net::SocketAddr;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio::signal::unix::{signal, SignalKind};

use crate::args::Args;
use crate::proxy::Proxy;

/// Client header read timeout and client keep-alive idle limit (docker/README.md, "Equivalence").
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// Request line + headers, in bytes (hyper answers 431 above it).
const MAX_HEAD_BYTES: usize = 16 * 1024;

fn main() {
    let args = args::args_or_exit();
    let runtime = if args.workers <= 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    } else {
        tokio::runtime::Builder::new_multi_thread().worker_threads(args.workers).enable_all().build()
    };
    let runtime = runtime.unwrap_or_else(|e| fail(&format!("cannot start the tokio runtime: {e}")));
    runtime.block_on(serve(args));
}

fn fail(message: &str) -> ! {
    eprintln!("pb-hyper: {message}");
    std::process::exit(1);
}

async fn serve(args: Args) {
    let listener = bind(&args.listen_host, args.listen_port).await;
    let tls = if args.tls_port != 0 {
        let acceptor = tls::acceptor(&args).unwrap_or_else(|e| fail(&e));
        Some((bind(&args.listen_host, args.tls_port).await, acceptor))
    } else {
        None
    };
    let h2c = if args.h2c_port != 0 { Some(bind(&args.listen_host, args.h2c_port).await) } else { None };
    let proxy = Proxy::new(&args);
    let mut server = http1::Builder::new();
    server
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .keep_alive(true)
        .max_buf_size(MAX_HEAD_BYTES);
    // The TLS listener: HTTP/2 when ALPN chose h2 (hyper-util reads the preface), else HTTP/1.1 as above; the h2c
    // listener: HTTP/2 only. The same stream limit and initial windows as every variant (docker/README.md, "HTTP/2").
    let mut either = auto::Builder::new(TokioExecutor::new());
    either
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .keep_alive(true)
        .max_buf_size(MAX_HEAD_BYTES);
    either
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(args.h2_max_streams)
        .initial_stream_window_size(args.h2_window)
        .initial_connection_window_size(args.h2_window)
        .max_header_list_size(MAX_HEAD_BYTES as u32);
    let h2_only = either.clone().http2_only();
    let mut sigterm = signal(SignalKind::terminate()).unwrap_or_else(|e| fail(&format!("cannot watch SIGTERM: {e}")));
    let mut sigint = signal(SignalKind::interrupt()).unwrap_or_else(|e| fail(&format!("cannot watch SIGINT: {e}")));
    loop {
        let (accepted, acceptor, is_h2c) = tokio::select! {
            accepted = listener.accept() => (accepted, None, false),
            accepted = accept_tls(&tls) => (accepted.0, accepted.1, false),
            accepted = accept_plain(&h2c) => (accepted, None, true),
            _ = sigterm.recv() => break,
            _ = sigint.recv() => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors or a connection reset before accept: wait a little instead of spinning.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let proxy = proxy.clone();
        let server = server.clone();
        let either = either.clone();
        let h2_only = h2_only.clone();
        tokio::spawn(async move {
            // A client that goes away, or a failed handshake, is not an error worth printing.
            match acceptor {
                None if is_h2c => serve_auto(&h2_only, TokioIo::new(stream), proxy).await,
                None => serve_connection(&server, TokioIo::new(stream), proxy).await,
                Some(acceptor) => {
                    if let Ok(tls_stream) = acceptor.accept(stream).await {
                        serve_auto(&either, TokioIo::new(tls_stream), proxy).await;
                    }
                }
            }
        });
    }
}

async fn bind(host: &str, port: u16) -> TcpListener {
    TcpListener::bind((host, port)).await.unwrap_or_else(|e| fail(&format!("cannot listen on {host}:{port}: {e}")))
}

/// The next connection on the TLS listener with its acceptor; never resolves without one.
async fn accept_tls(tls: &Option<(TcpListener, TlsAcceptor)>) -> (std::io::Result<(TcpStream, SocketAddr)>, Option<TlsAcceptor>) {
    match tls {
        Some((listener, acceptor)) => (listener.accept().await, Some(acceptor.clone())),
        None => std::future::pending().await,
    }
}

/// The next connection on the h2c listener; never resolves without one.
async fn accept_plain(listener: &Option<TcpListener>) -> std::io::Result<(TcpStream, SocketAddr)> {
    match listener {
        Some(listener) => listener.accept().await,
        None => std::future::pending().await,
    }
}

async fn serve_auto<I>(server: &auto::Builder<TokioExecutor>, io: I, proxy: Proxy)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let connection = server.serve_connection(
        io,
        service_fn(move |request| {
            let proxy = proxy.clone();
            async move { Ok::<_, std::convert::Infallible>(proxy.forward(request).await) }
        }),
    );
    let _ = connection.await;
}

async fn serve_connection<I>(server: &http1::Builder, io: I, proxy: Proxy)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let connection = server.serve_connection(
        io,
        service_fn(move |request| {
            let proxy = proxy.clone();
            async move { Ok::<_, std::convert::Infallible>(proxy.forward(request).await) }
        }),
    );
    let _ = connection.await;
}
