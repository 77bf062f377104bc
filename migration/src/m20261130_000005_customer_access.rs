//! An order number is not a secret, so it no longer opens a customer's data by itself:
//! - `order_claims`: the single-use claim link of each order confirmation email (only the
//!   SHA-256 of the token is stored). Registering or linking through it attaches the order.
//! - `access_requests`: a login that typed an order number asks to see that customer's bills;
//!   the order's buyer email (a link, hashed here too) or a login already attached decides.
//! - `rate_limit_hits`: one row per counted request of a limited kind (register, link, resend,
//!   forgot, per client address, per order or per email), in the database so that every app
//!   server counts the same.
//! - `billing_deliveries`: the signatures of billing webhook requests already processed, so a
//!   captured request replayed within its time window is refused.

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

use ForeignKeyAction::{Cascade, SetNull};

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(n("order_claims"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(integer(n("order_id")))
                    .col(string_len_uniq(n("token_hash"), 64))
                    // The newest account registered through the link, until one is activated
                    // (`used_at`): a mistyped email can be fixed by registering again.
                    .col(integer_null(n("used_by_account_id")))
                    .col(timestamp_with_time_zone_null(n("used_at")))
                    .foreign_key(&mut fk("order_claims", "order_id", "orders", Cascade))
                    .foreign_key(&mut fk("order_claims", "used_by_account_id", "accounts", SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(n("access_requests"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(integer(n("account_id")))
                    // As typed; the customer only when it names a paid order.
                    .col(string_len(n("order_number"), 40))
                    .col(integer_null(n("customer_id")))
                    .col(string_len_uniq(n("token_hash"), 64))
                    // pending | approved | ignored
                    .col(string_len(n("status"), 16))
                    // When the order's buyer email was asked (after the login is activated).
                    .col(timestamp_with_time_zone_null(n("buyer_asked_at")))
                    .col(timestamp_with_time_zone_null(n("decided_at")))
                    .col(integer_null(n("decided_by_account_id")))
                    .foreign_key(&mut fk("access_requests", "account_id", "accounts", Cascade))
                    .foreign_key(&mut fk("access_requests", "customer_id", "customers", Cascade))
                    .foreign_key(&mut fk("access_requests", "decided_by_account_id", "accounts", SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(n("rate_limit_hits"))
                    .if_not_exists()
                    .col(pk_auto(n("id")))
                    .col(timestamp_with_time_zone(n("created_at")))
                    .col(string_len(n("bucket"), 120))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(n("billing_deliveries"))
                    .if_not_exists()
                    .col(string_len(n("signature_hash"), 64).primary_key())
                    .col(timestamp_with_time_zone(n("received_at")))
                    .to_owned(),
            )
            .await?;
        for (name, table, columns) in [
            ("order_claims_order", "order_claims", &["order_id"][..]),
            ("access_requests_account", "access_requests", &["account_id", "status"][..]),
            ("access_requests_customer", "access_requests", &["customer_id", "status"][..]),
            ("rate_limit_hits_bucket_time", "rate_limit_hits", &["bucket", "created_at"][..]),
        ] {
            let mut index = Index::create().name(name).table(n(table)).if_not_exists().to_owned();
            for column in columns {
                index.col(n(column));
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["billing_deliveries", "rate_limit_hits", "access_requests", "order_claims"] {
            manager.drop_table(Table::drop().table(n(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
