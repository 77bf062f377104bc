//! 数电 buyer data and tax amounts:
//! - `buyer_type` on applications and saved titles (企业 / 非企业性单位 / 个人). Rows from
//!   before are enterprises when they carry a taxpayer ID and natural persons otherwise, which
//!   is what the old form could express.
//! - `orders.tax_rate_percent`: the VAT rate of the sale, set when the order is synced from the
//!   per-product table in the configuration (6 % for 信息技术服务 unless configured).
//! - `issued_fapiao.tax_rate_percent` / `tax_fen`: the 税率 and 税额 printed on the issued
//!   fapiao, kept as issued (NULL on rows from before: shown from the order's rate).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn n(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["fapiao_applications", "saved_titles"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(n(table))
                        .add_column(string_len(n("buyer_type"), 32).default("enterprise"))
                        .to_owned(),
                )
                .await?;
            manager
                .get_connection()
                .execute_unprepared(&format!(
                    "UPDATE {table} SET buyer_type = 'individual' WHERE taxpayer_id IS NULL OR taxpayer_id = ''"
                ))
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(n("orders"))
                    .add_column(small_integer(n("tax_rate_percent")).default(6))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(n("issued_fapiao"))
                    .add_column(small_integer_null(n("tax_rate_percent")))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(n("issued_fapiao")).add_column(big_integer_null(n("tax_fen"))).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            ("issued_fapiao", "tax_fen"),
            ("issued_fapiao", "tax_rate_percent"),
            ("orders", "tax_rate_percent"),
            ("saved_titles", "buyer_type"),
            ("fapiao_applications", "buyer_type"),
        ] {
            manager.alter_table(Table::alter().table(n(table)).drop_column(n(column)).to_owned()).await?;
        }
        Ok(())
    }
}
