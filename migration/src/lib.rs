//! The database schema, as SeaORM migrations that run unchanged on SQLite and PostgreSQL.
//! Applied at server start (`Migrator::up`), so a fresh file or database is ready at once.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_create_schema;
mod m20261124_000002_open_queue_index;
mod m20261125_000003_login_attempts_by_email;
mod m20261130_000004_emails_ignore_case;
mod m20261130_000005_customer_access;
mod m20261130_000006_shudian_buyers_and_tax;
mod m20261130_000007_efapiao_delivery;
mod m20261130_000008_red_letter_reversals;
mod m20261130_000009_books_defaults;
mod m20261130_000010_fapiao_remark;
mod m20261130_000011_receipt_confirmed;
mod m20261130_000012_several_bills;
mod m20261130_000013_reissue_requests;
mod m20261130_000014_bill_parts;
mod m20261130_000015_access_tokens;
mod m20261130_000016_issued_by_time;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_schema::Migration),
            Box::new(m20261124_000002_open_queue_index::Migration),
            Box::new(m20261125_000003_login_attempts_by_email::Migration),
            Box::new(m20261130_000004_emails_ignore_case::Migration),
            Box::new(m20261130_000005_customer_access::Migration),
            Box::new(m20261130_000006_shudian_buyers_and_tax::Migration),
            Box::new(m20261130_000007_efapiao_delivery::Migration),
            Box::new(m20261130_000008_red_letter_reversals::Migration),
            Box::new(m20261130_000009_books_defaults::Migration),
            Box::new(m20261130_000010_fapiao_remark::Migration),
            Box::new(m20261130_000011_receipt_confirmed::Migration),
            Box::new(m20261130_000012_several_bills::Migration),
            Box::new(m20261130_000013_reissue_requests::Migration),
            Box::new(m20261130_000014_bill_parts::Migration),
            Box::new(m20261130_000015_access_tokens::Migration),
            Box::new(m20261130_000016_issued_by_time::Migration),
        ]
    }
}
