// The TLS listener's acceptor: rustls (ring provider) with the run's certificate, one pinned version, tickets + cache.
use std::sync::Arc;

use rustls::pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer};
use rustls::server::ServerSessionMemoryCache;
use tokio_rustls::TlsAcceptor;

use crate::args::Args;

/// Sessions kept for resumption by session id / stateful tickets (besides the stateless tickets below).
const SESSION_CACHE_ENTRIES: usize = 20_000;

pub fn acceptor(args: &Args) -> Result<TlsAcceptor, String> {
    let certs = CertificateDer::pem_file_iter(&args.tls_cert)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read --tls-cert {}: {e}", args.tls_cert))?;
    let key = PrivateKeyDer::from_pem_file(&args.tls_key).map_err(|e| format!("cannot read --tls-key {}: {e}", args.tls_key))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let version: &[&rustls::SupportedProtocolVersion] = if args.tls_version == "1.2" { &[&rustls::version::TLS12] } else { &[&rustls::version::TLS13] };
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(version)
        .map_err(|e| format!("TLS versions: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("the certificate or key cannot be used: {e}"))?;
    // Resumption like the other variants: stateless tickets (rotating keys) and a session cache.
    config.ticketer = rustls::crypto::ring::Ticketer::new().map_err(|e| format!("session tickets: {e}"))?;
    config.session_storage = ServerSessionMemoryCache::new(SESSION_CACHE_ENTRIES);
    // HTTP/2 by ALPN, else HTTP/1.1 (docker/README.md, "HTTP/2").
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
