//! Building and running the application.

use crate::client_address::TrustedProxies;
use crate::config::Settings;
use crate::mail::{Mailer, OutboxWorker};
use crate::{database, middleware, routes};
use anyhow::Context;
use app::backend::sessions::SessionConfig;
use app::backend::{AppState, SiteConfig};
use app::{App, shell};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, ResponseOptions, generate_route_list};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A built application: database migrated, port bound, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// None without SMTP settings: mail stays in the outbox (the dev mailbox).
    mailer: Option<Mailer>,
    shutdown_grace: Duration,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        settings.refuse_unsafe(false)?;
        let trusted_proxies = std::sync::Arc::new(TrustedProxies::parse(&settings.server.trusted_proxies)?);
        let mailer = settings.smtp.as_ref().map(Mailer::from_settings).transpose()?;
        let db = database::connect(&settings.database).await?;
        database::migrate(&db).await?;

        let listener = TcpListener::bind(&settings.server.bind_address)
            .await
            .with_context(|| format!("Failed to listen on {}", settings.server.bind_address))?;
        let address = listener.local_addr().context("Failed to read the bound address")?;

        let leptos_options = LeptosOptions::builder()
            .output_name(settings.leptos.output_name.as_str())
            .site_root(settings.leptos.site_root.as_str())
            .site_pkg_dir(settings.leptos.site_pkg_dir.as_str())
            .site_addr(address)
            .reload_port(settings.leptos.reload_port)
            .build();
        let state = AppState {
            db,
            leptos_options,
            site: SiteConfig {
                service_phone: settings.site.service_phone.clone(),
                files_dir: std::path::PathBuf::from(&settings.storage.files_dir),
                max_file_bytes: settings.storage.max_file_bytes,
                pdf_font: app::bills::pdf::PdfFont {
                    path: settings.site.pdf_font_path.clone(),
                    index: settings.site.pdf_font_index,
                },
                pickup: app::applications::PickupPoint {
                    address_zh: settings.site.pickup_address_zh.clone(),
                    address_en: settings.site.pickup_address_en.clone(),
                    contact: settings.site.pickup_contact.clone(),
                    phone: settings.site.pickup_phone.clone(),
                },
                public_base_url: settings.server.public_base_url.trim_end_matches('/').to_owned(),
                tax_rates: settings.tax_rates()?,
                single_fapiao_limit: settings.single_fapiao_limit()?,
                customer_split: settings.site.customer_split,
                dev_mailbox: settings.server.dev_mailbox,
                dev_tools: settings.server.dev_tools,
                sessions: SessionConfig {
                    cookie_secure: settings.session.cookie_secure,
                    idle_timeout: chrono::Duration::minutes(settings.session.idle_timeout_minutes as i64),
                    absolute_timeout: chrono::Duration::hours(settings.session.absolute_timeout_hours as i64),
                },
            },
            site_status: std::sync::Arc::default(),
            login_refusals: std::sync::Arc::default(),
            dashboard_history: std::sync::Arc::default(),
        };
        let router = router(state.clone(), &settings, trusted_proxies);
        Ok(Self {
            listener,
            router,
            state,
            mailer,
            shutdown_grace: Duration::from_secs(settings.server.shutdown_grace_seconds),
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish (bounded by the
    /// configured grace period).
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let (stopping_tx, stopping_rx) = tokio::sync::watch::channel(false);
        let signal = async move {
            shutdown.await;
            let _ = stopping_tx.send(true);
        };
        if let Some(mailer) = self.mailer {
            let worker =
                OutboxWorker::new(self.state.db.clone(), mailer).with_files_dir(self.state.site.files_dir.clone());
            tokio::spawn(worker.run(stopping_rx.clone()));
        }
        tokio::spawn(clean_up_periodically(
            self.state.db.clone(),
            self.state.site.sessions.idle_timeout,
            stopping_rx.clone(),
        ));
        let grace = self.shutdown_grace;
        // Without TCP_NODELAY a response written in two parts (headers, then a file body) waits
        // for the client's delayed ACK: 40 ms per static file on Linux.
        use axum::serve::ListenerExt;
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        let serve = axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(signal);
        let mut stopping = stopping_rx;
        tokio::select! {
            result = serve => result.context("The HTTP server failed"),
            () = async move {
                let _ = stopping.wait_for(|stop| *stop).await;
                tokio::time::sleep(grace).await;
            } => {
                tracing::warn!("in-flight requests still running after the grace period; stopping anyway");
                Ok(())
            }
        }
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }
}

/// The pages' routes, found by running the app once with its resources held back. Once per
/// process: Leptos holds back the resources of *every* render in the process while it does
/// this (a process-wide flag), and a resource first polled in that window never loads — a page
/// of another server in the same process (the tests start many) would hang forever
/// (leptos-rs/leptos#4773). Found by a test that hung one run in ten.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState, settings: &Settings, trusted_proxies: std::sync::Arc<TrustedProxies>) -> Router {
    let routes = page_routes();
    let live_reload = std::env::var_os("LEPTOS_WATCH").is_some();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            page_context(live_reload);
        }
    };
    let server_fn_context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let server_fn_handler =
        move |request: Request| leptos_axum::handle_server_fns_with_context(server_fn_context.clone(), request);
    let options = state.leptos_options.clone();
    let body_limit = settings.server.body_limit_bytes;
    let hsts = settings.session.cookie_secure;
    let public_origin: std::sync::Arc<str> = middleware::origin_of(&settings.server.public_base_url).into();
    let billing = crate::billing::BillingWebhook {
        secret: settings.billing.shared_secret.clone(),
        max_skew_seconds: settings.billing.max_skew_seconds,
    };
    let billing_state = state.clone();

    // The built front end and assets straight from disk (brotli/gzip variants when present),
    // without going through the Leptos fallback.
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    let pkg = tower_http::services::ServeDir::new(site_root.join(options.site_pkg_dir.as_ref()))
        .precompressed_br()
        .precompressed_gzip();
    let favicon = tower_http::services::ServeFile::new(site_root.join("favicon.svg"));

    Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .route_service("/favicon.svg", favicon)
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/metrics", get(routes::metrics))
        .route("/locale", post(routes::set_locale))
        .route("/bills/{order}/pdf", get(routes::bill_pdf))
        .route("/admin/applications/{number}/issue", post(crate::fapiao_files::issue))
        .route("/admin/orders/import", post(crate::staff_files::import_orders))
        .route("/admin/export/applications.csv", get(crate::staff_files::export_applications))
        .route("/applications/{number}/files/{id}", get(crate::fapiao_files::download))
        .route("/fapiao/{token}", get(crate::fapiao_files::link_page))
        .route("/fapiao/{token}/{id}", get(crate::fapiao_files::link_download))
        .route(
            "/api/billing/orders",
            post(move |headers, body| {
                crate::billing::receive_orders(billing_state.clone(), billing.clone(), headers, body)
            }),
        )
        .merge(crate::api::router(crate::api::ApiLimits { requests_per_minute: settings.site.api_requests_per_minute }))
        .route("/api/{*fn_name}", post(server_fn_handler.clone()).get(server_fn_handler))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn(middleware::server_function_errors_carry_their_status))
        .layer(axum::middleware::from_fn(middleware::record_metrics))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::maintenance_guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::preload_site_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::load_session))
        .layer(axum::middleware::from_fn(move |request, next| {
            crate::client_address::find_client(trusted_proxies.clone(), request, next)
        }))
        .layer(axum::middleware::from_fn(move |request, next| {
            middleware::refuse_cross_site(public_origin.clone(), request, next)
        }))
        .layer(axum::middleware::from_fn(move |request, next| middleware::security_headers(hsts, request, next)))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let request_id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(axum::middleware::from_fn(middleware::distrust_client_request_id))
        .with_state(state.clone())
}

/// Per-page context: a fresh CSP nonce on every rendered page, announced in the header.
fn page_context(live_reload: bool) {
    leptos::nonce::provide_nonce();
    if let (Some(nonce), Some(response)) =
        (leptos::nonce::use_nonce(), leptos::prelude::use_context::<ResponseOptions>())
    {
        let policy = middleware::content_security_policy(Some(&nonce.to_string()), live_reload);
        if let Ok(value) = HeaderValue::from_str(&policy) {
            response.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// Deletes what no longer decides anything (expired sessions, old login attempts and rate-limit
/// hits, sent mail after a month…) every `cleanup::INTERVAL`, from the first minute on.
async fn clean_up_periodically(
    db: sea_orm::DatabaseConnection,
    session_idle: chrono::Duration,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    let mut ticks = tokio::time::interval(app::backend::cleanup::INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stopping.wait_for(|stop| *stop) => return,
        }
        match app::backend::cleanup::run(&db, session_idle, chrono::Utc::now()).await {
            Ok(report) => tracing::info!(?report, "clean-up done"),
            Err(error) => tracing::warn!(%error, "clean-up failed; trying again at the next interval"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
