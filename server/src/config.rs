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
    /// The development pages (`/dev/gallery`). Unset: on exactly when no SMTP is configured,
    /// i.e. on the embedded default and off in production.
    #[serde(default)]
    pub dev_tools: Option<bool>,
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
    /// The CJK font bills are set in as PDF (an OpenType file or collection) and the face.
    pub pdf_font_path: String,
    pub pdf_font_index: u32,
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
                dev_tools: None,
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
                pickup_address_zh: "上海市浦东新区张江高科技园区碧波路 690 号 3 号楼 2 层 发票服务台".into(),
                pickup_address_en:
                    "Fapiao desk, 2F, Building 3, 690 Bibo Road, Zhangjiang Hi-Tech Park, Pudong, Shanghai".into(),
                pickup_contact: "发票服务台 / Fapiao desk".into(),
                pickup_phone: "021-6075 3888".into(),
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
        assert!(settings.smtp.is_none(), "no SMTP means the dev mailbox");
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
    fn a_misspelt_key_or_bad_value_is_an_error_not_a_silent_default() {
        assert!(Settings::from_layers(None, &vars(&[("APP_SESSION__IDLE_TIMEOUT_MINUTES", "soon")])).is_err());
        let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
        writeln!(file, "[server]\nbind_adress = \"0.0.0.0:1\"").unwrap();
        assert!(Settings::from_layers(Some(file.path().to_owned()), &[]).is_err());
    }
}
