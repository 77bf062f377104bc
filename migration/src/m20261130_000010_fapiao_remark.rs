//! 备注: a remark the customer asks to be printed on the fapiao (a purchase order number, say),
//! kept with the application; staff copy it into the invoicing platform.

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
                    .add_column(string_len_null(Alias::new("remark"), 400))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Alias::new("fapiao_applications")).drop_column(Alias::new("remark")).to_owned(),
            )
            .await
    }
}
