//! Failed logins are counted per email as typed, whether or not an account has it: a lockout
//! that only accounts could reach would tell an attacker which emails have one. The column holds
//! the SHA-256 of the normalised email (never the email: people type passwords into it).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn n(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !manager.has_column("login_attempts", "email_key").await? {
            manager
                .alter_table(
                    Table::alter()
                        .table(n("login_attempts"))
                        .add_column(string_len_null(n("email_key"), 64))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("login_attempts_email_key_created_at")
                    .table(n("login_attempts"))
                    .col(n("email_key"))
                    .col(n("created_at"))
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("login_attempts_email_key_created_at").table(n("login_attempts")).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(n("login_attempts")).drop_column(n("email_key")).to_owned()).await
    }
}
