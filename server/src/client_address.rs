//! Who is at the other end of a request: the TCP peer, or — when the peer is a reverse proxy
//! listed in `server.trusted_proxies` — the address that proxy says it forwards for. Anyone can
//! send `X-Forwarded-For`; it is believed only from the proxies the operator named, so a client
//! cannot pick the address its login attempts and rate limits are counted under.

use app::backend::request::ClientAddress;
use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The networks of the reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// From the setting's entries: CIDRs (`10.0.0.0/8`, `::1/128`) or single addresses.
    pub fn parse(entries: &[String]) -> anyhow::Result<Self> {
        entries
            .iter()
            .map(|entry| {
                let entry = entry.trim();
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| anyhow::anyhow!("server.trusted_proxies: {entry:?} is not an address or a CIDR"))
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .map(Self)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client: the peer itself, unless it is a trusted proxy; then the right-most address
    /// of `X-Forwarded-For` that is not one of ours (each proxy appends the address it saw, so
    /// entries to the left of that one are whatever the client wrote).
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.contains(peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map_while(|hop| hop.trim().parse::<IpAddr>().ok())
            .collect();
        hops.iter().rev().find(|ip| !self.contains(**ip)).or(hops.first()).copied().unwrap_or(peer)
    }
}

/// Whether a request names another client it is forwarded for.
fn is_forwarded(headers: &HeaderMap) -> bool {
    ["forwarded", "x-forwarded-for", "x-real-ip"].iter().any(|name| headers.contains_key(*name))
}

/// Puts the `ClientAddress` into the request's extensions, where pages, server functions and
/// the other middleware read it.
pub async fn find_client(trusted: Arc<TrustedProxies>, mut request: Request, next: Next) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let peer = peer.ip();
        let forwarded = is_forwarded(request.headers());
        let address = ClientAddress {
            ip: trusted.client_ip(peer, request.headers()),
            at_this_machine: peer.is_loopback() && !forwarded,
            operator: (peer.is_loopback() || trusted.contains(peer)) && !forwarded,
        };
        request.extensions_mut().insert(address);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded_for(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8".into(), "127.0.0.1".into()]).unwrap();
        let proxy: IpAddr = "10.1.2.3".parse().unwrap();
        let stranger: IpAddr = "198.51.100.9".parse().unwrap();
        assert_eq!(trusted.client_ip(proxy, &forwarded_for("203.0.113.7")).to_string(), "203.0.113.7");
        assert_eq!(trusted.client_ip(stranger, &forwarded_for("203.0.113.7")), stranger, "not our proxy");
        // A client writing its own X-Forwarded-For gets the address our proxy saw, not its choice.
        let spoofed = forwarded_for("1.2.3.4, 203.0.113.7, 10.0.0.2");
        assert_eq!(trusted.client_ip(proxy, &spoofed).to_string(), "203.0.113.7");
        assert_eq!(trusted.client_ip(proxy, &HeaderMap::new()), proxy, "nothing forwarded: the peer");
        assert_eq!(TrustedProxies::default().client_ip(proxy, &forwarded_for("203.0.113.7")), proxy);
    }

    #[test]
    fn a_bad_entry_is_an_error_naming_it() {
        let error = TrustedProxies::parse(&["10.0.0.0/33".into()]).unwrap_err().to_string();
        assert!(error.contains("10.0.0.0/33"), "{error}");
        assert!(TrustedProxies::parse(&["::1/128".into(), "192.168.0.0/16".into()]).is_ok());
    }
}
