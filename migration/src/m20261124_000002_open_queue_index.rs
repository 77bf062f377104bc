//! The service center's queue lists the open applications (submitted or being processed) by
//! due time. A partial index holding exactly those, in that order, lets the first page be read
//! straight from the index however many closed applications there are.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000002_open_queue_index"
    }
}

/// Must match `server::backoffice::OPEN_STATUSES_SQL` (the queue's default filter).
const CREATE: &str = "CREATE INDEX IF NOT EXISTS fapiao_applications_open_by_due \
                      ON fapiao_applications (due_at, id) WHERE status IN ('submitted', 'processing')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(CREATE).await.map(drop)
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS fapiao_applications_open_by_due")
            .await
            .map(drop)
    }
}
