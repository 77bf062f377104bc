//! The whole data model (customers, orders, accounts, applications and their fapiao), created
//! in one migration so every later flow finds its tables ready. Conventions: integer ids, times in UTC (`timestamp with time zone`),
//! money in integer fen, closed sets stored as the lower-case codes of the domain enums in
//! `app::domain`, secrets (passwords, tokens, session ids) stored only as hashes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn n(name: &str) -> Alias {
    Alias::new(name)
}

/// A table with an auto-increment `id` and a `created_at` time.
fn table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(n(name))
        .if_not_exists()
        .col(pk_auto(n("id")))
        .col(timestamp_with_time_zone(n("created_at")))
        .to_owned()
}

fn fk(from: &str, column: &str, to: &str, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(n(from), n(column))
        .to(n(to), n("id"))
        .on_delete(on_delete)
        .to_owned()
}

fn index(name: &str, on: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut statement = Index::create().name(name).table(n(on)).if_not_exists().to_owned();
    for column in columns {
        statement.col(n(column));
    }
    statement
}

fn unique(name: &str, on: &str, columns: &[&str]) -> IndexCreateStatement {
    index(name, on, columns).unique().to_owned()
}

use ForeignKeyAction::{Cascade, Restrict, SetNull};

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            // A customer of the cloud service, as the billing platform knows it.
            table("customers").col(string_len_uniq(n("external_ref"), 64)).col(string_len(n("name"), 200)).to_owned(),
            // A paid (or refunded) order: the "bill" a fapiao is applied for.
            table("orders")
                .col(string_len_uniq(n("order_number"), 40))
                .col(integer(n("customer_id")))
                .col(string_len(n("product"), 200))
                .col(big_integer(n("amount_fen")))
                .col(string_len(n("currency"), 3).default("CNY"))
                .col(string_len(n("payer_name"), 200))
                .col(string_len(n("buyer_email"), 254))
                // pending | paid | refunded
                .col(string_len(n("status"), 16))
                .col(timestamp_with_time_zone_null(n("paid_at")))
                .col(timestamp_with_time_zone(n("synced_at")))
                .col(timestamp_with_time_zone(n("updated_at")))
                .foreign_key(&mut fk("orders", "customer_id", "customers", Restrict))
                .to_owned(),
            // A login. `role`: customer | staff | admin. `status`: pending | active | disabled.
            // Several pending accounts may share an email (a mistyped registration must never
            // block a correct one); only one *active* account per email (partial index below).
            table("accounts")
                .col(string_len(n("email"), 254))
                .col(string_len(n("password_hash"), 255))
                .col(string_len(n("role"), 16))
                .col(string_len(n("status"), 16))
                .col(string_len(n("locale"), 8).default("zh-CN"))
                .col(timestamp_with_time_zone_null(n("activated_at")))
                .col(timestamp_with_time_zone_null(n("locked_until")))
                .col(timestamp_with_time_zone(n("updated_at")))
                .to_owned(),
            // Which customers' bills an account may see: the one it registered with, plus any
            // linked later by entering another order number.
            Table::create()
                .table(n("account_customers"))
                .if_not_exists()
                .col(integer(n("account_id")))
                .col(integer(n("customer_id")))
                .col(integer_null(n("via_order_id")))
                .col(timestamp_with_time_zone(n("created_at")))
                .primary_key(Index::create().col(n("account_id")).col(n("customer_id")))
                .foreign_key(&mut fk("account_customers", "account_id", "accounts", Cascade))
                .foreign_key(&mut fk("account_customers", "customer_id", "customers", Cascade))
                .foreign_key(&mut fk("account_customers", "via_order_id", "orders", SetNull))
                .to_owned(),
            // Single-use links sent by email. `purpose`: activation | password_reset |
            // email_change. Only the SHA-256 of the token is stored.
            table("email_tokens")
                .col(integer(n("account_id")))
                .col(string_len(n("purpose"), 24))
                .col(string_len_uniq(n("token_hash"), 64))
                .col(string_len_null(n("new_email"), 254))
                .col(timestamp_with_time_zone(n("expires_at")))
                .col(timestamp_with_time_zone_null(n("used_at")))
                .foreign_key(&mut fk("email_tokens", "account_id", "accounts", Cascade))
                .to_owned(),
            // Server-side sessions, shared by every app server. The primary key is the hash
            // of the cookie's session id, so a leaked table cannot be replayed.
            Table::create()
                .table(n("sessions"))
                .if_not_exists()
                .col(string_len(n("id_hash"), 64).primary_key())
                .col(integer_null(n("account_id")))
                .col(text(n("data")))
                .col(timestamp_with_time_zone(n("created_at")))
                .col(timestamp_with_time_zone(n("last_seen_at")))
                .col(timestamp_with_time_zone(n("expires_at")))
                .foreign_key(&mut fk("sessions", "account_id", "accounts", Cascade))
                .to_owned(),
            // Login attempts, the state behind per-account and per-IP throttling (kept in the
            // database so every server sees the same counts).
            table("login_attempts")
                .col(integer_null(n("account_id")))
                .col(string_len(n("ip"), 45))
                .col(boolean(n("succeeded")))
                .foreign_key(&mut fk("login_attempts", "account_id", "accounts", Cascade))
                .to_owned(),
            // Fapiao titles (抬头 and buyer details) saved by an account for reuse.
            table("saved_titles")
                .col(integer(n("account_id")))
                .col(string_len(n("fapiao_type"), 16))
                .col(string_len(n("title"), 100))
                .col(string_len_null(n("taxpayer_id"), 20))
                .col(string_len_null(n("registered_address"), 200))
                .col(string_len_null(n("registered_phone"), 40))
                .col(string_len_null(n("bank_name"), 100))
                .col(string_len_null(n("bank_account"), 40))
                .col(timestamp_with_time_zone(n("updated_at")))
                .foreign_key(&mut fk("saved_titles", "account_id", "accounts", Cascade))
                .to_owned(),
            // Delivery addresses saved by an account for reuse (GB/T 2260 division codes).
            table("saved_addresses")
                .col(integer(n("account_id")))
                .col(string_len(n("recipient"), 50))
                .col(string_len(n("mobile"), 11))
                .col(string_len(n("province_code"), 6))
                .col(string_len(n("city_code"), 6))
                .col(string_len(n("district_code"), 6))
                .col(string_len(n("street"), 200))
                .col(string_len(n("postal_code"), 6))
                .col(timestamp_with_time_zone(n("updated_at")))
                .foreign_key(&mut fk("saved_addresses", "account_id", "accounts", Cascade))
                .to_owned(),
            // The form as typed so far, one per account and bill, so nothing is lost on reload,
            // logout or maintenance. `data` is the JSON of the form state; `step` the last step.
            table("application_drafts")
                .col(integer(n("account_id")))
                .col(integer(n("order_id")))
                .col(small_integer(n("step")))
                .col(text(n("data")))
                .col(timestamp_with_time_zone(n("updated_at")))
                .foreign_key(&mut fk("application_drafts", "account_id", "accounts", Cascade))
                .foreign_key(&mut fk("application_drafts", "order_id", "orders", Cascade))
                .to_owned(),
            // A confirmed fapiao application. `version` increases with every transition so that
            // concurrent staff actions are decided by a compare-and-set.
            table("fapiao_applications")
                .col(string_len_uniq(n("application_number"), 24))
                .col(integer(n("order_id")))
                .col(integer(n("account_id")))
                .col(string_len(n("status"), 24))
                .col(integer(n("version")).default(1))
                .col(string_len(n("fapiao_type"), 16))
                .col(string_len(n("medium"), 16))
                .col(string_len(n("title"), 100))
                .col(string_len_null(n("taxpayer_id"), 20))
                .col(string_len_null(n("registered_address"), 200))
                .col(string_len_null(n("registered_phone"), 40))
                .col(string_len_null(n("bank_name"), 100))
                .col(string_len_null(n("bank_account"), 40))
                .col(boolean(n("payer_name_differs")))
                .col(string_len(n("delivery_method"), 24))
                .col(string_len_null(n("recipient"), 50))
                .col(string_len_null(n("mobile"), 11))
                .col(string_len_null(n("province_code"), 6))
                .col(string_len_null(n("city_code"), 6))
                .col(string_len_null(n("district_code"), 6))
                .col(string_len_null(n("street"), 200))
                .col(string_len_null(n("postal_code"), 6))
                // Comma-separated addresses for e-fapiao delivery.
                .col(string_len_null(n("delivery_emails"), 1000))
                .col(string_len_null(n("rejection_reason"), 500))
                .col(timestamp_with_time_zone(n("submitted_at")))
                .col(timestamp_with_time_zone(n("due_at")))
                .col(timestamp_with_time_zone(n("updated_at")))
                .foreign_key(&mut fk("fapiao_applications", "order_id", "orders", Restrict))
                .foreign_key(&mut fk("fapiao_applications", "account_id", "accounts", Restrict))
                .to_owned(),
            // The timeline: one row per transition or note, never updated.
            table("application_events")
                .col(integer(n("application_id")))
                .col(string_len(n("kind"), 32))
                .col(string_len_null(n("from_status"), 24))
                .col(string_len(n("to_status"), 24))
                .col(string_len_null(n("note"), 1000))
                .col(integer_null(n("actor_account_id")))
                .foreign_key(&mut fk("application_events", "application_id", "fapiao_applications", Cascade))
                .foreign_key(&mut fk("application_events", "actor_account_id", "accounts", SetNull))
                .to_owned(),
            // An issued fapiao: 数电票 have a 20-digit number and no code; paper ones both.
            table("issued_fapiao")
                .col(integer(n("application_id")))
                .col(string_len_null(n("fapiao_code"), 12))
                .col(string_len(n("fapiao_number"), 20))
                .col(date(n("issue_date")))
                .col(big_integer(n("amount_fen")))
                .col(string_len_null(n("courier"), 24))
                .col(string_len_null(n("tracking_number"), 40))
                .col(timestamp_with_time_zone_null(n("mailed_at")))
                .col(timestamp_with_time_zone_null(n("reversed_at")))
                .foreign_key(&mut fk("issued_fapiao", "application_id", "fapiao_applications", Restrict))
                .to_owned(),
            // E-fapiao files (PDF/OFD/XML) of an issued fapiao; bytes live in file storage.
            table("fapiao_files")
                .col(integer(n("issued_fapiao_id")))
                .col(string_len(n("kind"), 8))
                .col(string_len(n("file_name"), 200))
                .col(string_len(n("content_type"), 100))
                .col(big_integer(n("size_bytes")))
                .col(string_len(n("sha256"), 64))
                .col(string_len_uniq(n("storage_key"), 200))
                .foreign_key(&mut fk("fapiao_files", "issued_fapiao_id", "issued_fapiao", Cascade))
                .to_owned(),
            // Support requests. `kind`: progress_query | not_received | title_change | split |
            // other. `status`: open | answered | closed.
            table("support_requests")
                .col(string_len_uniq(n("request_number"), 24))
                .col(integer(n("account_id")))
                .col(string_len(n("kind"), 24))
                .col(string_len(n("status"), 16))
                .col(string_len(n("subject"), 200))
                .col(integer_null(n("order_id")))
                .col(integer_null(n("application_id")))
                .col(timestamp_with_time_zone(n("updated_at")))
                .foreign_key(&mut fk("support_requests", "account_id", "accounts", Cascade))
                .foreign_key(&mut fk("support_requests", "order_id", "orders", SetNull))
                .foreign_key(&mut fk("support_requests", "application_id", "fapiao_applications", SetNull))
                .to_owned(),
            table("support_messages")
                .col(integer(n("request_id")))
                .col(integer_null(n("author_account_id")))
                .col(boolean(n("from_staff")))
                .col(text(n("body")))
                .foreign_key(&mut fk("support_messages", "request_id", "support_requests", Cascade))
                .foreign_key(&mut fk("support_messages", "author_account_id", "accounts", SetNull))
                .to_owned(),
            // Notices shown to customers. `kind`: notice | stock_shortage (which carries the
            // expected mailing date). Shown while starts_at <= now < ends_at (ends_at NULL: open).
            table("announcements")
                .col(string_len(n("kind"), 24))
                .col(string_len(n("title_zh"), 200))
                .col(string_len(n("title_en"), 200))
                .col(text(n("body_zh")))
                .col(text(n("body_en")))
                .col(date_null(n("expected_mailing_date")))
                .col(timestamp_with_time_zone(n("starts_at")))
                .col(timestamp_with_time_zone_null(n("ends_at")))
                .col(integer_null(n("created_by")))
                .foreign_key(&mut fk("announcements", "created_by", "accounts", SetNull))
                .to_owned(),
            // Operational switches edited by staff, e.g. `maintenance` (JSON value).
            Table::create()
                .table(n("settings"))
                .if_not_exists()
                .col(string_len(n("key"), 64).primary_key())
                .col(text(n("value")))
                .col(timestamp_with_time_zone(n("updated_at")))
                .col(integer_null(n("updated_by")))
                .foreign_key(&mut fk("settings", "updated_by", "accounts", SetNull))
                .to_owned(),
            // The mainland working-day calendar as data: public holidays (`holiday`) and
            // weekend days worked in exchange (`workday`, 调休). Ordinary days are not listed.
            Table::create()
                .table(n("calendar_days"))
                .if_not_exists()
                .col(date(n("day")).primary_key())
                .col(string_len(n("kind"), 16))
                .col(string_len(n("name"), 100))
                .col(timestamp_with_time_zone(n("created_at")))
                .to_owned(),
            // Every email, written in the same transaction as the change that causes it.
            // `status`: pending | sent | failed. Workers claim rows by setting `locked_until`.
            table("email_outbox")
                .col(string_len(n("to_address"), 254))
                .col(string_len(n("kind"), 48))
                .col(string_len(n("subject"), 300))
                .col(text(n("body_text")))
                .col(text_null(n("body_html")))
                .col(string_len(n("status"), 16))
                .col(integer(n("attempts")).default(0))
                .col(timestamp_with_time_zone(n("next_attempt_at")))
                .col(timestamp_with_time_zone_null(n("locked_until")))
                .col(string_len_null(n("last_error"), 1000))
                .col(timestamp_with_time_zone_null(n("sent_at")))
                .to_owned(),
            // Responses to requests that carried an idempotency key, replayed on a retry.
            Table::create()
                .table(n("idempotency_keys"))
                .if_not_exists()
                .col(integer(n("account_id")))
                .col(string_len(n("key"), 64))
                .col(string_len(n("request_hash"), 64))
                .col(small_integer_null(n("response_status")))
                .col(text_null(n("response_body")))
                .col(timestamp_with_time_zone(n("created_at")))
                .primary_key(Index::create().col(n("account_id")).col(n("key")))
                .foreign_key(&mut fk("idempotency_keys", "account_id", "accounts", Cascade))
                .to_owned(),
            // Who did what, when, from where. Append-only.
            table("audit_log")
                .col(integer_null(n("actor_account_id")))
                .col(string_len(n("action"), 64))
                .col(string_len(n("target_type"), 32))
                .col(string_len_null(n("target_id"), 64))
                .col(text_null(n("detail")))
                .col(string_len_null(n("ip"), 45))
                .col(string_len_null(n("user_agent"), 300))
                .col(string_len_null(n("request_id"), 64))
                .foreign_key(&mut fk("audit_log", "actor_account_id", "accounts", SetNull))
                .to_owned(),
        ];
        for statement in tables {
            manager.create_table(statement).await?;
        }

        let indexes = [
            index("orders_customer_paid", "orders", &["customer_id", "paid_at"]),
            index("accounts_email", "accounts", &["email"]),
            index("account_customers_customer", "account_customers", &["customer_id"]),
            index("email_tokens_account_purpose", "email_tokens", &["account_id", "purpose"]),
            index("sessions_account", "sessions", &["account_id"]),
            index("sessions_expires", "sessions", &["expires_at"]),
            index("login_attempts_account_time", "login_attempts", &["account_id", "created_at"]),
            index("login_attempts_ip_time", "login_attempts", &["ip", "created_at"]),
            index("saved_titles_account", "saved_titles", &["account_id"]),
            index("saved_addresses_account", "saved_addresses", &["account_id"]),
            unique("application_drafts_account_order", "application_drafts", &["account_id", "order_id"]),
            index("fapiao_applications_status_due", "fapiao_applications", &["status", "due_at"]),
            index("fapiao_applications_order", "fapiao_applications", &["order_id"]),
            index("fapiao_applications_account", "fapiao_applications", &["account_id", "submitted_at"]),
            index("fapiao_applications_taxpayer", "fapiao_applications", &["taxpayer_id"]),
            index("application_events_application", "application_events", &["application_id", "created_at"]),
            index("issued_fapiao_application", "issued_fapiao", &["application_id"]),
            unique("issued_fapiao_number", "issued_fapiao", &["fapiao_number", "fapiao_code"]),
            index("fapiao_files_issued", "fapiao_files", &["issued_fapiao_id"]),
            index("support_requests_status", "support_requests", &["status", "updated_at"]),
            index("support_requests_account", "support_requests", &["account_id", "updated_at"]),
            index("support_messages_request", "support_messages", &["request_id", "created_at"]),
            index("announcements_window", "announcements", &["starts_at", "ends_at"]),
            index("email_outbox_due", "email_outbox", &["status", "next_attempt_at"]),
            index("audit_log_time", "audit_log", &["created_at"]),
            index("audit_log_target", "audit_log", &["target_type", "target_id"]),
        ];
        for statement in indexes {
            manager.create_index(statement).await?;
        }

        // Partial unique indexes: the same SQL works on SQLite and PostgreSQL, and sea-query
        // has no builder for a WHERE clause on an index.
        let db = manager.get_connection();
        // One active account per email; pending and disabled ones never block a registration.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS accounts_one_active_per_email \
             ON accounts (email) WHERE status = 'active'",
        )
        .await?;
        // One active application per bill. Must list exactly the statuses for which
        // `ApplicationStatus::is_active` is false.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS fapiao_applications_one_active_per_order \
             ON fapiao_applications (order_id) WHERE status NOT IN ('reversed', 'withdrawn')",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Reverse order of creation, so foreign keys never dangle.
        for name in [
            "audit_log",
            "idempotency_keys",
            "email_outbox",
            "calendar_days",
            "settings",
            "announcements",
            "support_messages",
            "support_requests",
            "fapiao_files",
            "issued_fapiao",
            "application_events",
            "fapiao_applications",
            "application_drafts",
            "saved_addresses",
            "saved_titles",
            "login_attempts",
            "sessions",
            "email_tokens",
            "account_customers",
            "accounts",
            "orders",
            "customers",
        ] {
            manager.drop_table(Table::drop().table(n(name)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
