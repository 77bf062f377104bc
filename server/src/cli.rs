//! The command line: `server` (serve), `server migrate`, `server demo`, `server import-orders`,
//! `server backup`, `server restore`.

use crate::config::Settings;
use crate::{Application, database, demo, telemetry};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "server", about = "Fapiao Center (发票管理中心) server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve (the default).
    Serve {
        /// Load the demo data first (only when it is not there yet) and print the demo logins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo data (only when it is not there yet) and exit.
    Demo,
    /// Import orders from a JSON or CSV file (the billing webhook's checks and storage).
    ImportOrders {
        /// A `.json` or `.csv` file; see `server/src/import.rs` for the columns.
        file: std::path::PathBuf,
    },
    /// Create a staff or admin account and send it a link to set its password (printed instead
    /// when no SMTP is configured). How production gets its first admin.
    CreateStaff {
        #[arg(long)]
        email: String,
        /// `staff` works the queue; `admin` also manages staff accounts, the order import, the
        /// calendar and maintenance.
        #[arg(long, value_enum, default_value_t = StaffRole::Staff)]
        role: StaffRole,
    },
    /// Back up the SQLite database and the uploaded files into a new folder, while the server
    /// runs.
    Backup {
        /// The folder to create (it must not exist yet).
        folder: std::path::PathBuf,
    },
    /// Print the customer API's OpenAPI 3.1 document (as `/api/v1/openapi.json` serves it) and
    /// exit; `make openapi` writes it to `docs/openapi.json`.
    Openapi,
    /// Restore a backup folder made by `server backup`. Stop the server first; the replaced
    /// database is kept as `<file>.before-restore`.
    Restore {
        /// A folder made by `server backup`.
        folder: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StaffRole {
    Staff,
    Admin,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if matches!(cli.command, Some(Command::Openapi)) {
        println!("{}", crate::api::document());
        return Ok(());
    }
    let settings = Settings::load()?;
    telemetry::init(&settings.log);
    // `make dev` runs the server through `cargo leptos watch`, which passes no arguments.
    let demo_by_default = std::env::var("FAPIAO_DEMO").is_ok_and(|v| v == "1");
    match cli.command.unwrap_or(Command::Serve { demo: demo_by_default }) {
        Command::Serve { demo } => serve(settings, demo).await,
        Command::Openapi => Ok(()),
        Command::Migrate => {
            let db = database::connect(&settings.database).await?;
            database::migrate(&db).await?;
            println!("Database is up to date: {}", database::redact(&settings.database.url));
            Ok(())
        }
        Command::Demo => {
            settings.refuse_unsafe(true)?;
            let db = database::connect(&settings.database).await?;
            database::migrate(&db).await?;
            report_demo(demo::load(&db, &settings.server.public_base_url).await?);
            Ok(())
        }
        Command::CreateStaff { email, role } => {
            let db = database::connect(&settings.database).await?;
            database::migrate(&db).await?;
            let role = match role {
                StaffRole::Staff => app::domain::Role::Staff,
                StaffRole::Admin => app::domain::Role::Admin,
            };
            let mail = settings.smtp.is_some();
            let base = settings.server.public_base_url.trim_end_matches('/');
            let link = app::admin::accounts::service::create_staff(&db, &email, role, base, mail, chrono::Utc::now())
                .await
                .map_err(|e| anyhow::anyhow!("No account was created: {e}"))?;
            if mail {
                println!("Created {email} ({}). A link to set the password is on its way by email.", role.code());
            } else {
                println!(
                    "Created {email} ({}). No SMTP is configured: open this link to set the password",
                    role.code()
                );
                println!("(it works once, for 72 hours): {link}");
            }
            Ok(())
        }
        Command::Backup { folder } => {
            let report = crate::backup::backup(&settings, &folder).await?;
            println!(
                "Backed up into {}: database {} bytes, {} uploaded files.",
                folder.display(),
                report.database_bytes,
                report.files
            );
            Ok(())
        }
        Command::Restore { folder } => {
            let report = crate::backup::restore(&settings, &folder).await?;
            println!(
                "Restored from {}: database {} bytes, {} uploaded files. Start the server.",
                folder.display(),
                report.database_bytes,
                report.files
            );
            Ok(())
        }
        Command::ImportOrders { file } => {
            let orders = crate::import::read_orders(&file)?;
            let db = database::connect(&settings.database).await?;
            database::migrate(&db).await?;
            let report =
                app::bills::order_sync::sync(&db, &orders, &settings.server.public_base_url, &settings.tax_rates()?)
                    .await
                    .map_err(|e| anyhow::anyhow!("Nothing was imported: {e}"))?;
            println!(
                "Imported {}: {} new, {} updated, {} unchanged; {} order confirmation emails queued.",
                file.display(),
                report.created,
                report.updated,
                report.unchanged,
                report.emails_queued
            );
            Ok(())
        }
    }
}

async fn serve(settings: Settings, load_demo: bool) -> anyhow::Result<()> {
    settings.refuse_unsafe(load_demo)?;
    let database_url = database::redact(&settings.database.url);
    let mailbox = match (&settings.smtp, settings.server.dev_mailbox) {
        (Some(smtp), _) => format!("SMTP via {}:{}", smtp.host, smtp.port),
        (None, true) => format!("dev mailbox at {}/dev/mailbox (no SMTP configured)", settings.server.public_base_url),
        (None, false) => {
            "none: no SMTP configured, so every email stays queued in the outbox until [smtp] is set".to_owned()
        }
    };
    if settings.smtp.is_none() && !settings.server.dev_mailbox {
        tracing::warn!("no SMTP configured and no dev mailbox: emails stay queued in the outbox");
    }
    let application = Application::build(settings).await?;
    if load_demo {
        let state = application.state();
        report_demo(demo::load(&state.db, &state.site.public_base_url).await?);
    }
    let address = application.address();
    println!();
    println!("  Fapiao Center (发票管理中心) is running.");
    println!("  Open:      http://{address}/");
    println!("  Database:  {database_url}");
    println!("  Email:     {mailbox}");
    if load_demo {
        println!("  Demo logins (email / password):");
        for login in demo::LOGINS {
            println!("    {:<9} {:<28} {}", login.role, login.email, login.password);
        }
        println!("  Register a new customer with order number {}.", demo::unregistered_order_number());
    }
    println!("  Stop with Ctrl-C.");
    println!();
    tracing::info!(%address, "listening");
    application.run_until_stopped().await
}

fn report_demo(written: bool) {
    if written {
        println!("Demo data loaded.");
    } else {
        println!("Demo data already present: nothing changed.");
    }
}
