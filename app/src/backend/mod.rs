//! Server-only infrastructure that is not a feature: application state, database entities,
//! sessions, tokens, passwords, emails and their outbox, the audit writer, time. Compiled with the
//! `ssr` feature only, so none of it reaches the Wasm bundle.

pub mod audit;
pub mod cache;
pub mod calendar;
pub mod cleanup;
pub mod db;
pub mod divisions;
pub mod emails;
pub mod entities;
pub mod html;
pub mod idempotency;
pub mod metrics;
pub mod outbox;
pub mod passwords;
pub mod rate_limit;
pub mod request;
pub mod search;
pub mod sessions;
pub mod time;
pub mod timeline;
pub mod tokens;
pub mod transaction;

use crate::error::AppError;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

/// Settings that pages and server functions need, taken from the server configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The customer-service phone number shown wherever a customer may be stuck.
    pub service_phone: String,
    /// The Shanghai branch where paper fapiao can be collected.
    pub pickup: crate::applications::PickupPoint,
    /// Where uploaded e-fapiao files are kept, and the largest accepted.
    pub files_dir: std::path::PathBuf,
    pub max_file_bytes: usize,
    /// The font bills are set in as PDF.
    pub pdf_font: crate::bills::pdf::PdfFont,
    /// Base of every link in an email (never taken from a request's Host header).
    pub public_base_url: String,
    /// The VAT rate of each product, recorded on orders as they are synced.
    pub tax_rates: crate::bills::order_sync::TaxRates,
    /// The most one fapiao may show: bills applied for together stay within it.
    pub single_fapiao_limit: crate::domain::Fen,
    /// Customers may split their own bills (otherwise staff do, from a split request).
    pub customer_split: bool,
    pub sessions: sessions::SessionConfig,
    /// `/dev/mailbox` shows the outbox (a development setting, loopback clients only).
    pub dev_mailbox: bool,
    /// Development pages such as the component gallery (`/dev/gallery`).
    pub dev_tools: bool,
}

/// Everything a request handler or server function may use. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub site: SiteConfig,
    /// The maintenance switch and announcements, as last read (`site::service::load_status`).
    pub site_status: std::sync::Arc<cache::Cached<crate::site::SiteStatus>>,
    /// Login refusals this server gave and that still stand (`auth::service::authenticate`).
    pub login_refusals: std::sync::Arc<rate_limit::StandingRefusals>,
    /// The dashboard's last 30 days, as last read (`admin::dashboard::HISTORY_TTL`).
    pub dashboard_history: std::sync::Arc<cache::Cached<crate::admin::dashboard::History>>,
}

impl AppState {
    /// The state provided to server functions and SSR by the server's router.
    pub fn from_context() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Self>()
            .ok_or_else(|| AppError::internal("AppState missing from context", "router misconfigured"))
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
