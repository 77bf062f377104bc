//! Emails are one address whatever their case (`LI.LEI@example.cn` is `li.lei@example.cn`, as
//! every mail provider our customers use treats it): the one-active-account rule and the login
//! look-up compare `lower(email)`, while the address is kept as typed. Plain SQL, the same on
//! SQLite and PostgreSQL (emails are ASCII, which SQLite's `lower` covers).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS accounts_one_active_per_email").await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS accounts_one_active_per_email_ci \
             ON accounts (lower(email)) WHERE status = 'active'",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX IF NOT EXISTS accounts_email_lower ON accounts (lower(email))").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS accounts_email_lower").await?;
        db.execute_unprepared("DROP INDEX IF EXISTS accounts_one_active_per_email_ci").await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS accounts_one_active_per_email \
             ON accounts (email) WHERE status = 'active'",
        )
        .await?;
        Ok(())
    }
}
