//! Splitting a bill: `orders.parent_order_id` marks a part of a split bill. A part is an order
//! of its own (number `{bill}-{n}`, its amount, the bill's customer, product, rate and payment),
//! so it is applied for and issued like any bill; the bill itself becomes `split` and takes no
//! application. The parts of a bill always sum to it: the split writes them and checks the sum
//! in one transaction.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("orders"))
                    .add_column(integer_null(Alias::new("parent_order_id")))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX orders_parent ON orders (parent_order_id) WHERE parent_order_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP INDEX orders_parent").await?;
        manager
            .alter_table(
                Table::alter().table(Alias::new("orders")).drop_column(Alias::new("parent_order_id")).to_owned(),
            )
            .await
    }
}
