//! 签收: when the customer confirmed that the paper fapiao sent by courier arrived (NULL until
//! then); the staff queue shows it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("fapiao_applications"))
                    .add_column(timestamp_with_time_zone_null(Alias::new("received_at")))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("fapiao_applications"))
                    .drop_column(Alias::new("received_at"))
                    .to_owned(),
            )
            .await
    }
}
