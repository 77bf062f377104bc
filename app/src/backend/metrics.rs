//! What operators watch, in the Prometheus text format at `/metrics` (the `prometheus-client`
//! crate): requests and their latency by route, refusals by the login throttle and the rate
//! limits, the password-hashing queue, the email outbox's backlog, the database pool. One set per
//! process; each app server is scraped on its own.

use crate::backend::db::DbContext;
use crate::backend::entities::email_outbox;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::sync::OnceLock;
use std::sync::atomic::AtomicU64;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The route as declared (`/bills/{order}`), the server function's path, or `other`: never
    /// the raw path, which a prober could vary without end.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabels {
    pub reason: String,
}

struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    refused: Family<ReasonLabels, Counter>,
    hashing_queue_depth: Gauge,
    hashing_started: Gauge<u64, AtomicU64>,
    hashing_refused: Gauge<u64, AtomicU64>,
    outbox_pending: Gauge,
    outbox_oldest_pending_seconds: Gauge,
    db_pool_connections: Gauge,
    db_pool_idle: Gauge,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let mut registry = Registry::with_prefix("fapiao");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by method, route and status", requests.clone());
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 14))
        });
        registry.register("http_request_duration_seconds", "Time to answer a request, by route", latency.clone());
        let refused = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "refused",
            "Requests refused by the login throttle (login) or a rate limit (its kind)",
            refused.clone(),
        );
        let hashing_queue_depth = Gauge::default();
        registry.register(
            "hashing_queue_depth",
            "Password hashing jobs waiting or running",
            hashing_queue_depth.clone(),
        );
        let hashing_started = Gauge::<u64, AtomicU64>::default();
        registry.register("hashing_jobs_started", "Password hashing jobs run since start", hashing_started.clone());
        let hashing_refused = Gauge::<u64, AtomicU64>::default();
        registry.register(
            "hashing_jobs_refused",
            "Password hashing jobs refused with 503 since start (queue full)",
            hashing_refused.clone(),
        );
        let outbox_pending = Gauge::default();
        registry.register("outbox_pending", "Emails waiting in the outbox", outbox_pending.clone());
        let outbox_oldest_pending_seconds = Gauge::default();
        registry.register(
            "outbox_oldest_pending_seconds",
            "Age of the oldest email waiting in the outbox",
            outbox_oldest_pending_seconds.clone(),
        );
        let db_pool_connections = Gauge::default();
        registry.register("db_pool_connections", "Open database connections", db_pool_connections.clone());
        let db_pool_idle = Gauge::default();
        registry.register("db_pool_idle", "Idle database connections", db_pool_idle.clone());
        Metrics {
            registry,
            requests,
            latency,
            refused,
            hashing_queue_depth,
            hashing_started,
            hashing_refused,
            outbox_pending,
            outbox_oldest_pending_seconds,
            db_pool_connections,
            db_pool_idle,
        }
    })
}

/// One answered request.
pub fn observe_request(method: &str, route: &str, status: u16, seconds: f64) {
    let m = metrics();
    m.requests.get_or_create(&RequestLabels { method: method.to_owned(), route: route.to_owned(), status }).inc();
    m.latency.get_or_create(&RouteLabels { route: route.to_owned() }).observe(seconds);
}

/// A login refused by the throttle.
pub fn count_throttled() {
    count_refused("login");
}

/// A request refused by a rate limit or the throttle (`reason`: `login`, `register:ip`, …).
pub fn count_refused(reason: &str) {
    metrics().refused.get_or_create(&ReasonLabels { reason: reason.to_owned() }).inc();
}

/// The whole set as Prometheus text, with the gauges read now (the outbox from the database).
pub async fn render(db: &DatabaseConnection) -> Result<String, crate::error::AppError> {
    let m = metrics();
    let queue = crate::backend::passwords::queue_stats();
    m.hashing_queue_depth.set(i64::try_from(queue.depth).unwrap_or(i64::MAX));
    m.hashing_started.set(queue.started);
    m.hashing_refused.set(queue.refused);
    let waiting =
        email_outbox::Entity::find().filter(email_outbox::Column::Status.eq(crate::domain::OutboxStatus::Pending));
    let pending = waiting.clone().count(db).await.context("read the outbox for /metrics")?;
    let oldest =
        waiting.order_by_asc(email_outbox::Column::CreatedAt).one(db).await.context("read the outbox for /metrics")?;
    m.outbox_pending.set(i64::try_from(pending).unwrap_or(i64::MAX));
    m.outbox_oldest_pending_seconds.set(oldest.map_or(0, |o| (chrono::Utc::now() - o.created_at).num_seconds().max(0)));
    let (size, idle) = pool_use(db);
    m.db_pool_connections.set(size);
    m.db_pool_idle.set(idle);
    let mut text = String::new();
    encode(&mut text, &m.registry).map_err(|e| crate::error::AppError::internal("Failed to encode /metrics", e))?;
    Ok(text)
}

/// Open and idle connections of the pool behind `db`.
fn pool_use(db: &DatabaseConnection) -> (i64, i64) {
    match db {
        DatabaseConnection::SqlxSqlitePoolConnection(_) => {
            let pool = db.get_sqlite_connection_pool();
            (i64::from(pool.size()), i64::try_from(pool.num_idle()).unwrap_or(0))
        }
        DatabaseConnection::SqlxPostgresPoolConnection(_) => {
            let pool = db.get_postgres_connection_pool();
            (i64::from(pool.size()), i64::try_from(pool.num_idle()).unwrap_or(0))
        }
        _ => (0, 0),
    }
}
