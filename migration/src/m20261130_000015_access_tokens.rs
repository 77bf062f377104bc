//! Personal access tokens for the customer API (`/api/v1`): named, expiring, revocable. Only
//! the SHA-256 of a token is stored (the token is shown once, when it is made); a request finds
//! its token by that hash (unique index). `last_used_at` tells the owner which ones are in use.

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
                    .table(n("access_tokens"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(integer(n("account_id")))
                    .col(string_len(n("name"), 60))
                    .col(string_len(n("token_hash"), 64))
                    .col(timestamp_with_time_zone(n("expires_at")))
                    .col(timestamp_with_time_zone_null(n("revoked_at")))
                    .col(timestamp_with_time_zone_null(n("last_used_at")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_tokens_account_id")
                            .from(n("access_tokens"), n("account_id"))
                            .to(n("accounts"), n("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("access_tokens_hash")
                    .table(n("access_tokens"))
                    .col(n("token_hash"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("access_tokens_account").table(n("access_tokens")).col(n("account_id")).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(n("access_tokens")).to_owned()).await
    }
}
