//! Configuration in three layers, later ones winning:
//! 1. the defaults in `Settings::default()` (the embedded product: SQLite file, dev mailbox);
//! 2. a TOML file — `config/app.toml` if present, or the file named by `APP_CONFIG_FILE`;
//! 3. environment variables `APP_<SECTION>__<KEY>` (e.g. `APP_DATABASE__URL`), plus the
//!    conventional `DATABASE_URL` when `APP_DATABASE__URL` is not set.

use anyhow::Context;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    /// Absent: mail stays in the outbox and is readable in the dev mailbox page.
    pub smtp: Option<SmtpSettings>,
    pub session: SessionSettings,
    pub log: LogSettings,
    pub site: SiteSettings,
    pub billing: BillingSettings,
    pub storage: StorageSettings,
    pub leptos: LeptosSettings,
}

/// Where uploaded files (e-fapiao PDF/OFD/XML) are kept.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSettings {
    /// A folder, created if missing. Servers sharing a database must share it (a network disk).
    pub files_dir: String,
    /// The largest single upload, in bytes.
    pub max_file_bytes: usize,
}

/// The billing platform's order webhook (`POST /api/billing/orders`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BillingSettings {
    /// The HMAC key shared with the billing platform. Absent: the webhook answers 503.
    #[serde(default, skip_serializing)]
    pub shared_secret: Option<SecretString>,
    /// How old (or early) a signed request may be, in seconds.
    pub max_skew_seconds: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Where to listen, e.g. `127.0.0.1:3000`; port 0 picks a free port (tests).
    pub bind_address: String,
    /// Base URL of every link in an email. Never derived from a request's Host header,
    /// which an attacker controls.
    pub public_base_url: String,
    /// Largest request body accepted, in bytes (uploads included).
    pub body_limit_bytes: usize,
    /// Seconds to let in-flight requests finish after a shutdown signal.
    pub shutdown_grace_seconds: u64,
    /// The development mailbox (`/dev/mailbox`): every queued email, activation and reset links
    /// included, readable in the browser. Off unless asked for (`make run`, `make dev`, the
    /// tests); answers loopback clients only, and the server refuses to start with it on while
    /// listening beyond loopback or with Secure cookies (see `Settings::refuse_unsafe`).
    #[serde(default)]
    pub dev_mailbox: bool,
    /// The development pages (`/dev/gallery`). Off unless asked for; same rules as the mailbox.
    #[serde(default)]
    pub dev_tools: bool,
    /// The reverse proxies in front of this server, as CIDRs or addresses (`10.0.0.0/8`,
    /// `127.0.0.1`): only from these is `X-Forwarded-For` believed (login throttling, rate
    /// limits, the audit log), and only these and loopback may read `/metrics`. Empty: every
    /// client is the TCP peer. In the environment: comma-separated.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` (created if missing) or `postgres://user:pass@host/db`.
    pub url: String,
    pub max_connections: u32,
    /// How long a SQLite writer waits for a lock before giving up, in milliseconds.
    pub sqlite_busy_timeout_ms: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default, skip_serializing)]
    pub password: Option<SecretString>,
    /// `none` (plain, for a local relay or test server), `starttls` or `tls`.
    pub security: String,
    /// The From header, e.g. `发票管理中心 <fapiao@example.com>`.
    pub from: String,
    /// The wait before the first retry of a failed delivery; it doubles with every attempt.
    #[serde(default = "default_retry_after_seconds")]
    pub retry_after_seconds: u64,
}

fn default_retry_after_seconds() -> u64 {
    30
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSettings {
    /// Secure cookies (and the `__Host-` prefix). Only turn off for plain-http localhost.
    pub cookie_secure: bool,
    pub idle_timeout_minutes: u64,
    pub absolute_timeout_hours: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `pretty` for people, `json` for log collectors.
    pub format: LogFormat,
    /// A tracing filter, e.g. `info,server=debug`; `RUST_LOG` wins when set.
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub service_phone: String,
    /// Where paper fapiao can be collected (shown on the delivery step and in emails).
    pub pickup_address_zh: String,
    pub pickup_address_en: String,
    pub pickup_contact: String,
    pub pickup_phone: String,
    /// The VAT rate of every product not in `tax_rates` (6 %: 信息技术服务).
    pub default_tax_rate_percent: u8,
    /// The VAT rate by product name, as the billing platform sends it.
    #[serde(default)]
    pub tax_rates: std::collections::BTreeMap<String, u8>,
    /// The most one fapiao may show, in yuan: bills applied for together stay within it. The
    /// tax bureau grants each seller its own 开票限额; set this to yours.
    #[serde(default = "default_single_fapiao_limit_yuan")]
    pub single_fapiao_limit_yuan: u64,
    /// Whether customers split their own bills into parts (each with its own fapiao). Off: the
    /// service center splits them from the customer's split request.
    #[serde(default)]
    pub customer_split: bool,
    /// Requests each API access token may send per minute (`/api/v1`); beyond: 429.
    #[serde(default = "default_api_requests_per_minute")]
    pub api_requests_per_minute: u64,
    /// The CJK font bills are set in as PDF (an OpenType file or collection) and the face.
    pub pdf_font_path: String,
    pub pdf_font_index: u32,
}

fn default_single_fapiao_limit_yuan() -> u64 {
    10_000_000
}

fn default_api_requests_per_minute() -> u64 {
    120
}

/// Where the built front end is. cargo-leptos sets `LEPTOS_SITE_ROOT` and friends when it
/// starts the server; these are the values used otherwise.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LeptosSettings {
    pub site_root: String,
    pub site_pkg_dir: String,
    pub output_name: String,
    pub reload_port: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            server: ServerSettings {
                bind_address: "127.0.0.1:3000".into(),
                public_base_url: "http://127.0.0.1:3000".into(),
                body_limit_bytes: 12 * 1024 * 1024,
                shutdown_grace_seconds: 20,
                dev_mailbox: false,
                dev_tools: false,
                trusted_proxies: Vec::new(),
            },
            database: DatabaseSettings {
                url: "sqlite://data/fapiao.db".into(),
                max_connections: 10,
                sqlite_busy_timeout_ms: 5_000,
            },
            smtp: None,
            session: SessionSettings { cookie_secure: true, idle_timeout_minutes: 30, absolute_timeout_hours: 12 },
            log: LogSettings { format: LogFormat::Pretty, filter: "info".into() },
            site: SiteSettings {
                service_phone: "400-089-0365".into(),
                // The Shanghai branch the reference customer guide gives.
                pickup_address_zh: "上海市浦东新区科苑路 88 号，德国中心，3 号楼，657 号".into(),
                pickup_address_en: "Room 657, Building 3, German Centre, 88 Keyuan Road, Pudong, Shanghai".into(),
                pickup_contact: "朱琴琴".into(),
                pickup_phone: "021-28986102".into(),
                default_tax_rate_percent: 6,
                tax_rates: std::collections::BTreeMap::new(),
                single_fapiao_limit_yuan: default_single_fapiao_limit_yuan(),
                customer_split: false,
                api_requests_per_minute: default_api_requests_per_minute(),
                // Debian's fonts-noto-cjk; face 2 of the collection is Simplified Chinese.
                pdf_font_path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc".into(),
                pdf_font_index: 2,
            },
            billing: BillingSettings { shared_secret: None, max_skew_seconds: 300 },
            storage: StorageSettings { files_dir: "data/files".into(), max_file_bytes: 10 * 1024 * 1024 },
            leptos: LeptosSettings {
                site_root: "target/site".into(),
                site_pkg_dir: "pkg".into(),
                output_name: "fapiao".into(),
                reload_port: 3001,
            },
        }
    }
}

const DEFAULT_FILE: &str = "config/app.toml";

impl Settings {
    /// Reads the three layers from this process's environment.
    pub fn load() -> anyhow::Result<Self> {
        let file = std::env::var_os("APP_CONFIG_FILE").map(PathBuf::from);
        let vars: Vec<(String, String)> = std::env::vars().collect();
        Self::from_layers(file, &vars)
    }

    /// The layering itself, with the environment passed in so tests need not touch the
    /// process environment.
    pub fn from_layers(file: Option<PathBuf>, env: &[(String, String)]) -> anyhow::Result<Self> {
        let defaults =
            config::Config::try_from(&Settings::default()).context("Failed to build the default settings")?;
        let mut builder = config::Config::builder().add_source(defaults);
        builder = match &file {
            Some(path) => builder.add_source(config::File::from(path.as_path()).required(true)),
            None => builder.add_source(config::File::with_name(DEFAULT_FILE).required(false)),
        };
        let mut app_env: std::collections::HashMap<String, String> =
            env.iter().filter(|(k, _)| k.starts_with("APP_") && k != "APP_CONFIG_FILE").cloned().collect();
        if let Some((_, url)) = env.iter().find(|(k, _)| k == "DATABASE_URL") {
            app_env.entry("APP_DATABASE__URL".into()).or_insert_with(|| url.clone());
        }
        // Leptos' own variables (set by cargo-leptos) describe where the front end was built.
        for (leptos_var, key) in [
            ("LEPTOS_SITE_ROOT", "APP_LEPTOS__SITE_ROOT"),
            ("LEPTOS_SITE_PKG_DIR", "APP_LEPTOS__SITE_PKG_DIR"),
            ("LEPTOS_OUTPUT_NAME", "APP_LEPTOS__OUTPUT_NAME"),
            ("LEPTOS_RELOAD_PORT", "APP_LEPTOS__RELOAD_PORT"),
            ("LEPTOS_SITE_ADDR", "APP_SERVER__BIND_ADDRESS"),
        ] {
            if let Some((_, value)) = env.iter().find(|(k, _)| k == leptos_var) {
                app_env.entry(key.into()).or_insert_with(|| value.clone());
            }
        }
        let environment = config::Environment::with_prefix("APP")
            .prefix_separator("_")
            .separator("__")
            .try_parsing(true)
            .list_separator(",")
            .with_list_parse_key("server.trusted_proxies")
            .source(Some(app_env));
        builder
            .add_source(environment)
            .build()
            .context("Failed to read the configuration")?
            .try_deserialize()
            .context("The configuration is invalid")
    }

    pub fn is_sqlite(&self) -> bool {
        self.database.url.starts_with("sqlite:")
    }

    /// The per-product VAT rates of the configuration; a rate above 100 % is refused.
    pub fn tax_rates(&self) -> anyhow::Result<app::bills::order_sync::TaxRates> {
        let rate = |what: &str, percent: u8| {
            app::domain::TaxRate::new(percent)
                .map_err(|_| anyhow::anyhow!("site.{what}: {percent} is not a tax rate in percent (0–100)"))
        };
        let mut by_product = std::collections::BTreeMap::new();
        for (product, percent) in &self.site.tax_rates {
            by_product.insert(product.clone(), rate(&format!("tax_rates.{product:?}"), *percent)?);
        }
        Ok(app::bills::order_sync::TaxRates {
            default: rate("default_tax_rate_percent", self.site.default_tax_rate_percent)?,
            by_product,
        })
    }

    /// The single-fapiao limit in fen; zero or beyond any amount (`Fen::MAX`) is refused.
    pub fn single_fapiao_limit(&self) -> anyhow::Result<app::domain::Fen> {
        let yuan = self.site.single_fapiao_limit_yuan;
        i64::try_from(yuan)
            .ok()
            .and_then(|y| y.checked_mul(100))
            .map(app::domain::Fen::new)
            .filter(|limit| limit.fen() > 0 && *limit <= app::domain::Fen::MAX)
            .ok_or_else(|| {
                anyhow::anyhow!("site.single_fapiao_limit_yuan: {yuan} is not an amount from 1 to 100,000,000,000")
            })
    }

    /// Refuses a development convenience where strangers could reach it: the dev mailbox and
    /// pages, and the demo data (whose passwords are printed in the README), need a server that
    /// listens on loopback only and plain-http cookies, i.e. a developer's own machine.
    /// Production (Secure cookies, a public address) can never have them on by mistake.
    pub fn refuse_unsafe(&self, demo: bool) -> anyhow::Result<()> {
        let conveniences: Vec<&str> = [
            (self.server.dev_mailbox, "the dev mailbox (server.dev_mailbox)"),
            (self.server.dev_tools, "the development pages (server.dev_tools)"),
            (demo, "the demo data (--demo)"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if conveniences.is_empty() {
            return Ok(());
        }
        let list = conveniences.join(", ");
        if !is_loopback_address(&self.server.bind_address) {
            anyhow::bail!(
                "Refusing to start: {list} would be reachable from other machines, because the server \
                 listens on {}. Bind to 127.0.0.1 or turn them off.",
                self.server.bind_address
            );
        }
        if self.session.cookie_secure {
            anyhow::bail!(
                "Refusing to start: {list} are for a developer's machine, but cookies are Secure \
                 (session.cookie_secure = true), as in production. Turn them off, or set \
                 APP_SESSION__COOKIE_SECURE=false for local plain-http use."
            );
        }
        Ok(())
    }
}

/// Whether a bind address (`127.0.0.1:3000`, `[::1]:0`, `localhost:3000`) accepts loopback
/// connections only. Anything that does not parse counts as public.
pub fn is_loopback_address(bind_address: &str) -> bool {
    match bind_address.parse::<std::net::SocketAddr>() {
        Ok(address) => address.ip().is_loopback(),
        Err(_) => bind_address.rsplit_once(':').is_some_and(|(host, _)| host.eq_ignore_ascii_case("localhost")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_are_the_embedded_product() {
        let settings = Settings::from_layers(None, &[]).unwrap();
        assert!(settings.is_sqlite());
        assert!(settings.smtp.is_none(), "no SMTP: mail waits in the outbox");
        assert_eq!(settings.session.idle_timeout_minutes, 30);
        assert_eq!(settings.site.service_phone, "400-089-0365");
    }

    #[test]
    fn a_file_overrides_defaults_and_the_environment_overrides_the_file() {
        let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
        writeln!(
            file,
            "[server]\nbind_address = \"0.0.0.0:8080\"\npublic_base_url = \"https://fapiao.example.com\"\n\
             [smtp]\nhost = \"smtp.example.com\"\nport = 587\nsecurity = \"starttls\"\nfrom = \"fapiao@example.com\""
        )
        .unwrap();
        let env = vars(&[("APP_SERVER__BIND_ADDRESS", "127.0.0.1:9999"), ("APP_LOG__FORMAT", "json")]);
        let settings = Settings::from_layers(Some(file.path().to_owned()), &env).unwrap();
        assert_eq!(settings.server.bind_address, "127.0.0.1:9999");
        assert_eq!(settings.server.public_base_url, "https://fapiao.example.com");
        assert_eq!(settings.smtp.unwrap().port, 587);
        assert_eq!(settings.log.format, LogFormat::Json);
    }

    #[test]
    fn database_url_is_honoured_but_app_database_url_wins() {
        let plain = Settings::from_layers(None, &vars(&[("DATABASE_URL", "postgres://db/fapiao")])).unwrap();
        assert_eq!(plain.database.url, "postgres://db/fapiao");
        let both = vars(&[("DATABASE_URL", "postgres://db/a"), ("APP_DATABASE__URL", "postgres://db/b")]);
        assert_eq!(Settings::from_layers(None, &both).unwrap().database.url, "postgres://db/b");
    }

    #[test]
    fn development_conveniences_are_off_by_default_and_refused_where_strangers_reach_them() {
        let defaults = Settings::from_layers(None, &[]).unwrap();
        assert!(!defaults.server.dev_mailbox && !defaults.server.dev_tools);
        assert!(defaults.refuse_unsafe(false).is_ok(), "production defaults start");
        assert!(defaults.refuse_unsafe(true).is_err(), "demo data with Secure cookies is refused");

        let local = vars(&[("APP_SERVER__DEV_MAILBOX", "true"), ("APP_SESSION__COOKIE_SECURE", "false")]);
        let settings = Settings::from_layers(None, &local).unwrap();
        assert!(settings.refuse_unsafe(true).is_ok(), "make run: loopback, plain-http cookies");

        let mut public = settings.clone();
        public.server.bind_address = "0.0.0.0:3000".into();
        let refusal = public.refuse_unsafe(false).unwrap_err().to_string();
        assert!(refusal.contains("dev mailbox") && refusal.contains("0.0.0.0:3000"), "{refusal}");
        let mut secure = settings;
        secure.session.cookie_secure = true;
        assert!(secure.refuse_unsafe(false).unwrap_err().to_string().contains("Secure"));
    }

    #[test]
    fn only_loopback_addresses_count_as_local() {
        assert!(is_loopback_address("127.0.0.1:3000"));
        assert!(is_loopback_address("[::1]:0"));
        assert!(is_loopback_address("localhost:3000"));
        assert!(!is_loopback_address("0.0.0.0:3000"));
        assert!(!is_loopback_address("[::]:3000"));
        assert!(!is_loopback_address("10.0.0.5:3000"));
        assert!(!is_loopback_address("fapiao.example.com:3000"));
    }

    #[test]
    fn a_misspelt_key_or_bad_value_is_an_error_not_a_silent_default() {
        assert!(Settings::from_layers(None, &vars(&[("APP_SESSION__IDLE_TIMEOUT_MINUTES", "soon")])).is_err());
        let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
        writeln!(file, "[server]\nbind_adress = \"0.0.0.0:1\"").unwrap();
        assert!(Settings::from_layers(Some(file.path().to_owned()), &[]).is_err());
    }
}
