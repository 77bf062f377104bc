//! The title and address books (/account/titles, /account/addresses): an entry may be the
//! account's default, pre-selected in the application form. At most one default per account
//! and book, held by the database (a partial unique index), so two tabs marking different
//! defaults at once cannot leave two.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const BOOKS: [&str; 2] = ["saved_titles", "saved_addresses"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in BOOKS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(boolean(Alias::new("is_default")).default(false))
                        .to_owned(),
                )
                .await?;
            manager
                .get_connection()
                .execute_unprepared(&format!(
                    "CREATE UNIQUE INDEX {table}_one_default ON {table} (account_id) WHERE is_default"
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in BOOKS {
            manager.get_connection().execute_unprepared(&format!("DROP INDEX {table}_one_default")).await?;
            manager
                .alter_table(Table::alter().table(Alias::new(table)).drop_column(Alias::new("is_default")).to_owned())
                .await?;
        }
        Ok(())
    }
}
