//! A small HTTP/1.1 client for webhook deliveries: one POST per connection, `http://` or
//! `https://` (rustls with the Mozilla roots), with a timeout. Kept to what webhooks need so
//! no general-purpose client is pulled in.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{ClientConfig, RootCertStore, pki_types::ServerName};

/// The answer of an endpoint: status and the first bytes of the body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

fn tls() -> TlsConnector {
    static CONFIG: OnceLock<Arc<ClientConfig>> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_or_else(
                |_| {
                    ClientConfig::builder()
                        .with_root_certificates(RootCertStore::empty())
                        .with_no_client_auth()
                },
                |b| b.with_root_certificates(roots).with_no_client_auth(),
            );
        Arc::new(config)
    });
    TlsConnector::from(config.clone())
}

/// POSTs `body` to `url` with `headers`; errors are described in one line.
pub async fn post(
    url: &str,
    headers: &[(&str, String)],
    body: String,
    timeout: Duration,
) -> Result<Answer, String> {
    tokio::time::timeout(timeout, post_inner(url, headers, body))
        .await
        .map_err(|_| format!("no answer within {} s", timeout.as_secs()))?
}

async fn post_inner(url: &str, headers: &[(&str, String)], body: String) -> Result<Answer, String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("bad url: {e}"))?;
    let https = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => false,
        _ => return Err("the url must be http:// or https://".to_owned()),
    };
    let host = uri.host().ok_or("the url has no host")?.to_owned();
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let tcp = TcpStream::connect((host.trim_matches(['[', ']']), port))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let mut req = Request::post(path)
        .header(
            hyper::header::HOST,
            uri.authority().map_or(host.clone(), ToString::to_string),
        )
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .header(hyper::header::USER_AGENT, "Kontor-Webhooks/1");
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let req = req
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    if https {
        let name = ServerName::try_from(host.clone()).map_err(|e| format!("tls name: {e}"))?;
        let stream = tls().connect(name, tcp).await.map_err(|e| format!("tls: {e}"))?;
        send(TokioIo::new(stream), req).await
    } else {
        send(TokioIo::new(tcp), req).await
    }
}

async fn send<T>(io: TokioIo<T>, req: Request<Full<Bytes>>) -> Result<Answer, String>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let res = sender
        .send_request(req)
        .await
        .map_err(|e| format!("request: {e}"))?;
    let status = res.status().as_u16();
    let body = res
        .into_body()
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes)
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body[..body.len().min(500)]).into_owned();
    Ok(Answer { status, body: text })
}
