//! 红冲 as the tax rules define it: a 数电票 is never voided, only reversed by a red-letter
//! fapiao after a 红字确认单. `fapiao_reversals` holds one reversal of an issued fapiao: the
//! reason, the 红字确认单 number, whether the buyer must confirm it (the buyer already deducted
//! or booked the fapiao) and when they did, when a mailed paper fapiao came back, and the red
//! fapiao's number and date once issued.
//!
//! Two partial indexes keep the queue's "reversal work" list cheap at a million orders: the
//! applications in a reversal step staff act on, and the refunded orders (few) whose issued
//! fapiao needs a reversal.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn n(name: &str) -> Alias {
    Alias::new(name)
}

fn fk(from: &str, column: &str, to: &str, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(n(from), n(column))
        .to(n(to), n("id"))
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(n("fapiao_reversals"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(integer(n("application_id")))
                    // One reversal per issued fapiao.
                    .col(integer_uniq(n("issued_fapiao_id")))
                    .col(string_len(n("reason"), 32))
                    .col(string_len(n("confirmation_number"), 32))
                    .col(boolean(n("buyer_must_confirm")))
                    .col(timestamp_with_time_zone_null(n("returned_at")))
                    .col(timestamp_with_time_zone_null(n("buyer_confirmed_at")))
                    .col(integer_null(n("buyer_confirmed_by")))
                    .col(string_len_null(n("red_fapiao_number"), 24))
                    .col(date_null(n("red_issue_date")))
                    .col(timestamp_with_time_zone_null(n("completed_at")))
                    .foreign_key(&mut fk("fapiao_reversals", "application_id", "fapiao_applications", Cascade))
                    .foreign_key(&mut fk("fapiao_reversals", "issued_fapiao_id", "issued_fapiao", Cascade))
                    .foreign_key(&mut fk("fapiao_reversals", "buyer_confirmed_by", "accounts", SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("fapiao_reversals_by_application")
                    .table(n("fapiao_reversals"))
                    .col(n("application_id"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS fapiao_applications_in_reversal ON fapiao_applications (updated_at) \
             WHERE status IN ('awaiting_return', 'reversal_pending')",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX IF NOT EXISTS orders_refunded ON orders (id) WHERE status = 'refunded'")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS orders_refunded").await?;
        db.execute_unprepared("DROP INDEX IF EXISTS fapiao_applications_in_reversal").await?;
        manager.drop_table(Table::drop().table(n("fapiao_reversals")).to_owned()).await?;
        Ok(())
    }
}
