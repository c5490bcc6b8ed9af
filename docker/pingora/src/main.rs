// pb-pingora: the canonical pingora ProxyHttp service: every request to one upstream peer, pooled keep-alive, one worker thread.
#[path = "../../rust-common/args.rs"]
mod args;

use async_trait::async_trait;
use bytes::Bytes;
use pingora::prelude::*;
use pingora::server::configuration::ServerConf;
use std::time::Duration;

const MAX_BODY_BYTES: u64 = 1024 * 1024;
/// Request line + headers; pingora's own limit is 1 MiB, so the proxy checks 16 KiB itself (431).
const MAX_HEAD_BYTES: usize = 16 * 1024;
const CLIENT_KEEPALIVE_SECS: u64 = 60;

struct Proxy {
    upstream: String,
}

#[async_trait]
impl ProxyHttp for Proxy {
    /// Request body bytes seen so far (the chunked-body limit).
    type CTX = u64;
    fn new_ctx(&self) -> u64 {
        0
    }

    async fn request_filter(&self, session: &mut Session, _ctx: &mut u64) -> Result<bool> {
        session.set_keepalive(Some(CLIENT_KEEPALIVE_SECS));
        let header = session.req_header();
        let head_bytes = header.method.as_str().len()
            + header.uri.to_string().len()
            + 11
            + header.headers.iter().map(|(n, v)| n.as_str().len() + v.len() + 4).sum::<usize>();
        let declared = header
            .headers
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let refusal = if head_bytes > MAX_HEAD_BYTES {
            Some(431)
        } else if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
            Some(413)
        } else {
            None
        };
        match refusal {
            Some(code) => {
                session.respond_error(code).await?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn request_body_filter(&self, _session: &mut Session, body: &mut Option<Bytes>, _end: bool, seen: &mut u64) -> Result<()> {
        if let Some(chunk) = body {
            *seen += chunk.len() as u64;
            if *seen > MAX_BODY_BYTES {
                return Error::e_explain(HTTPStatus(413), "request body over 1 MiB");
            }
        }
        Ok(())
    }

    async fn upstream_peer(&self, _session: &mut Session, _ctx: &mut u64) -> Result<Box<HttpPeer>> {
        let mut peer = HttpPeer::new(self.upstream.as_str(), false, String::new());
        peer.options.connection_timeout = Some(Duration::from_secs(5));
        peer.options.read_timeout = Some(Duration::from_secs(60));
        peer.options.idle_timeout = Some(Duration::from_secs(60));
        Ok(Box::new(peer))
    }
}

fn main() {
    let args = args::args_or_exit();
    let conf = ServerConf {
        threads: args.workers,
        upstream_keepalive_pool_size: args.pool,
        // SIGTERM: stop at once (the runner has finished sending), no 60 s grace period.
        grace_period_seconds: Some(0),
        graceful_shutdown_timeout_seconds: Some(1),
        ..ServerConf::default()
    };
    let mut server = Server::new_with_opt_and_conf(None, conf);
    server.bootstrap();
    let upstream = format!("{}:{}", args.upstream_host, args.upstream_port);
    let mut service = http_proxy_service(&server.configuration, Proxy { upstream });
    // HTTP/2 (docker/README.md, "HTTP/2"): the same stream limit and initial windows as every variant, over pingora's
    // bounded defaults (its decoded header-list limit). h2c: pingora's option is per service, so with an h2c listener
    // the plaintext listener peeks for the HTTP/2 preface too (a second service would bring a second worker thread).
    if let Some(app) = service.app_logic_mut() {
        let mut h2 = pingora::protocols::http::v2::server::default_h2_options();
        h2.max_concurrent_streams(args.h2_max_streams).initial_window_size(args.h2_window).initial_connection_window_size(args.h2_window);
        app.h2_options = Some(h2);
        if args.h2c_port != 0 {
            let mut options = pingora::apps::HttpServerOptions::default();
            options.h2c = true;
            app.server_options = Some(options);
        }
    }
    service.add_tcp(&format!("{}:{}", args.listen_host, args.listen_port));
    if args.tls_port != 0 {
        service.add_tls_with_settings(&format!("{}:{}", args.listen_host, args.tls_port), None, tls_settings(&args));
    }
    if args.h2c_port != 0 {
        service.add_tcp(&format!("{}:{}", args.listen_host, args.h2c_port));
    }
    server.add_service(service);
    server.run_forever();
}

/// The TLS listener (pingora's `openssl` feature, its vendored OpenSSL): the run's certificate, one pinned version.
/// HTTP/2 by ALPN (enable_h2: h2, http/1.1). Resumption: OpenSSL's defaults, stateless session tickets
/// and its internal server session cache (20480 sessions, 300 s: rust-openssl exposes no SSL_CTX_set_timeout).
fn tls_settings(args: &args::Args) -> pingora::listeners::tls::TlsSettings {
    use pingora::tls::ssl::{SslSessionCacheMode, SslVersion};
    let mut settings = pingora::listeners::tls::TlsSettings::intermediate(&args.tls_cert, &args.tls_key).unwrap_or_else(|e| {
        eprintln!("pb-pingora: {e}");
        std::process::exit(2);
    });
    let version = if args.tls_version == "1.2" { SslVersion::TLS1_2 } else { SslVersion::TLS1_3 };
    let pinned = settings.set_min_proto_version(Some(version)).and_then(|_| settings.set_max_proto_version(Some(version)));
    if let Err(e) = pinned {
        eprintln!("pb-pingora: cannot pin TLS {}: {e}", args.tls_version);
        std::process::exit(2);
    }
    settings.set_session_cache_mode(SslSessionCacheMode::SERVER);
    settings.enable_h2();
    settings
}

