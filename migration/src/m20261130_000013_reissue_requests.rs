//! 换开 without a ticket: `reissue_requests` holds a customer's request to change the title or
//! the type of an issued fapiao (the reason and the new data). Staff answer it with the 红冲 of
//! the fapiao; when the red fapiao is recorded, the request is resolved into a new application
//! form pre-filled with the new data. At most one open request per application (a partial
//! unique index), and the open ones are few: the service center's work list reads them by it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn n(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(n("reissue_requests"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(integer(n("application_id")))
                    .col(integer(n("account_id")))
                    .col(text(n("reason")))
                    .col(string_len(n("buyer_type"), 32))
                    .col(string_len(n("fapiao_type"), 32))
                    .col(text(n("title")))
                    .col(string_len_null(n("taxpayer_id"), 32))
                    .col(timestamp_with_time_zone_null(n("resolved_at")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reissue_requests_application_id")
                            .from(n("reissue_requests"), n("application_id"))
                            .to(n("fapiao_applications"), n("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reissue_requests_account_id")
                            .from(n("reissue_requests"), n("account_id"))
                            .to(n("accounts"), n("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX reissue_requests_one_open ON reissue_requests (application_id) \
                 WHERE resolved_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("reissue_requests")).to_owned()).await
    }
}
