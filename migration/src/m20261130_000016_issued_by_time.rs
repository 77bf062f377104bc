//! The dashboard counts the fapiao issued per day over the last 30 days: an index on
//! `issued_fapiao (created_at)` reads just those rows however many years of fapiao there are.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("issued_fapiao_created")
                    .table(Alias::new("issued_fapiao"))
                    .col(Alias::new("created_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("issued_fapiao_created").table(Alias::new("issued_fapiao")).to_owned())
            .await
    }
}
