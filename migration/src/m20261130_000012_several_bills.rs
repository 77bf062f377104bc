//! Several bills on one fapiao.
//! - `application_bills`: every bill of every application (its first bill, still
//!   `fapiao_applications.order_id`, included). A bill is in at most one active application:
//!   a partial unique index over the rows not `released`; a row is released in the same
//!   transaction that withdraws or reverses its application. Existing applications are copied
//!   in, released as their status says.
//! - `bill_selections`: the bills a customer ticked on the bill list to apply for together,
//!   kept across the list's pages until they apply or clear it.
//! - `application_drafts.together_with`: the other bills of a draft made from a selection
//!   (their order ids, comma-separated), set by the server only, never by the form.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn n(name: &str) -> Alias {
    Alias::new(name)
}

fn fk(from: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(n(from), n(column))
        .to(n(to), n("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(n("application_bills"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(integer(n("application_id")))
                    .col(integer(n("order_id")))
                    .col(boolean(n("released")).default(false))
                    .foreign_key(&mut fk("application_bills", "application_id", "fapiao_applications"))
                    .foreign_key(&mut fk("application_bills", "order_id", "orders"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(n("bill_selections"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(integer(n("account_id")))
                    .col(integer(n("order_id")))
                    .foreign_key(&mut fk("bill_selections", "account_id", "accounts"))
                    .foreign_key(&mut fk("bill_selections", "order_id", "orders"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(n("application_drafts")).add_column(text_null(n("together_with"))).to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for sql in [
            "CREATE INDEX application_bills_application ON application_bills (application_id)",
            "CREATE INDEX application_bills_order ON application_bills (order_id, id)",
            "CREATE UNIQUE INDEX application_bills_one_active ON application_bills (order_id) WHERE NOT released",
            "CREATE UNIQUE INDEX bill_selections_account_order ON bill_selections (account_id, order_id)",
            "INSERT INTO application_bills (created_at, application_id, order_id, released) \
             SELECT created_at, id, order_id, status IN ('reversed', 'withdrawn') FROM fapiao_applications ORDER BY id",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(n("application_drafts")).drop_column(n("together_with")).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(n("bill_selections")).to_owned()).await?;
        manager.drop_table(Table::drop().table(n("application_bills")).to_owned()).await
    }
}
