// Forwards one request to the upstream over the pooled client and maps failures to 413 / 502 / 504.
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING, UPGRADE};
use hyper::{Request, Response, StatusCode, Uri, Version};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::args::Args;

const MAX_BODY_BYTES: usize = 1024 * 1024;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Time to the upstream's response headers (the body is streamed without a limit).
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(60);
const UPSTREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

pub type ProxyBody = BoxBody<Bytes, hyper::Error>;
type UpstreamBody = Limited<Incoming>;

#[derive(Clone)]
pub struct Proxy {
    client: Client<HttpConnector, UpstreamBody>,
    authority: String,
}

impl Proxy {
    pub fn new(args: &Args) -> Proxy {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(CONNECT_TIMEOUT));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(UPSTREAM_IDLE_TIMEOUT)
            .pool_max_idle_per_host(args.pool)
            .retry_canceled_requests(true)
            .build(connector);
        Proxy { client, authority: format!("{}:{}", args.upstream_host, args.upstream_port) }
    }

    pub async fn forward(&self, request: Request<Incoming>) -> Response<ProxyBody> {
        if declared_length(request.headers()).is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            return status(StatusCode::PAYLOAD_TOO_LARGE);
        }
        let (mut parts, body) = request.into_parts();
        // An HTTP/2 request names its host in :authority (the URI): it becomes the upstream's Host (HTTP/1.1).
        if !parts.headers.contains_key(HOST) {
            if let Some(value) = parts.uri.authority().and_then(|a| HeaderValue::from_str(a.as_str()).ok()) {
                parts.headers.insert(HOST, value);
            }
        }
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        parts.uri = match format!("http://{}{}", self.authority, path).parse::<Uri>() {
            Ok(uri) => uri,
            Err(_) => return status(StatusCode::BAD_REQUEST),
        };
        parts.version = Version::HTTP_11;
        strip_hop_by_hop(&mut parts.headers);
        // The client's Host goes upstream as it is (the pooled client only adds one when it is missing).
        let upstream_request = Request::from_parts(parts, Limited::new(body, MAX_BODY_BYTES));
        match tokio::time::timeout(RESPONSE_TIMEOUT, self.client.request(upstream_request)).await {
            Err(_) => status(StatusCode::GATEWAY_TIMEOUT),
            Ok(Err(error)) if is_body_limit(&error) => status(StatusCode::PAYLOAD_TOO_LARGE),
            Ok(Err(_)) => status(StatusCode::BAD_GATEWAY),
            Ok(Ok(response)) => {
                let (mut parts, body) = response.into_parts();
                strip_hop_by_hop(&mut parts.headers);
                Response::from_parts(parts, body.boxed())
            }
        }
    }
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// Headers that describe one hop, never forwarded (RFC 9110 §7.6.1), plus those named in Connection.
fn strip_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(str::trim).filter_map(|n| HeaderName::from_bytes(n.as_bytes()).ok()).collect::<Vec<_>>())
        .collect();
    for name in named {
        headers.remove(name);
    }
    for name in [CONNECTION, TRANSFER_ENCODING, UPGRADE] {
        headers.remove(name);
    }
    for name in ["keep-alive", "proxy-connection", "te", "trailer"] {
        headers.remove(name);
    }
}

fn is_body_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

fn status(code: StatusCode) -> Response<ProxyBody> {
    let body = Full::new(Bytes::new()).map_err(|never| match never {}).boxed();
    let mut response = Response::new(body);
    *response.status_mut() = code;
    response
}
