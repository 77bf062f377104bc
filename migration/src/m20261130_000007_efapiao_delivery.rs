//! The e-fapiao reaches the addresses the customer typed:
//! - `email_outbox.attachments`: the files an email carries (JSON: file name, content type and
//!   file-store key of each), read by the outbox worker when it sends.
//! - `fapiao_deliveries`: each sending of an issued fapiao to one address (at issue, or a
//!   resend), its outbox row, and — when the files were too large to attach — the SHA-256 of
//!   the download link's token and when the link expires.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn n(name: &str) -> Alias {
    Alias::new(name)
}

fn fk(from: &str, column: &str, to: &str, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(n(from), n(column))
        .to(n(to), n("id"))
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(n("email_outbox")).add_column(text_null(n("attachments"))).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(n("fapiao_deliveries"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(integer(n("application_id")))
                    .col(integer(n("issued_fapiao_id")))
                    .col(string_len(n("to_address"), 254))
                    .col(integer_null(n("outbox_id")))
                    .col(string_len_null(n("link_token_hash"), 64).unique_key())
                    .col(timestamp_with_time_zone_null(n("link_expires_at")))
                    // Who asked for a resend (NULL: sent at issue).
                    .col(integer_null(n("requested_by")))
                    .foreign_key(&mut fk(
                        "fapiao_deliveries",
                        "application_id",
                        "fapiao_applications",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fapiao_deliveries",
                        "issued_fapiao_id",
                        "issued_fapiao",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk("fapiao_deliveries", "outbox_id", "email_outbox", ForeignKeyAction::SetNull))
                    .foreign_key(&mut fk("fapiao_deliveries", "requested_by", "accounts", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("fapiao_deliveries_by_application")
                    .table(n("fapiao_deliveries"))
                    .col(n("application_id"))
                    .col(n("created_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("fapiao_deliveries")).to_owned()).await?;
        manager.alter_table(Table::alter().table(n("email_outbox")).drop_column(n("attachments")).to_owned()).await?;
        Ok(())
    }
}
