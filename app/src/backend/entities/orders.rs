use crate::domain::OrderStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    #[sea_orm(unique)]
    pub order_number: String,
    pub customer_id: i32,
    pub product: String,
    pub amount_fen: i64,
    pub currency: String,
    pub payer_name: String,
    pub buyer_email: String,
    pub status: OrderStatus,
    pub paid_at: Option<DateTimeUtc>,
    pub synced_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub tax_rate_percent: i16,
    /// The bill this order is a part of, when a bill was split.
    pub parent_order_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::customers::Entity",
        from = "Column::CustomerId",
        to = "super::customers::Column::Id",
        on_delete = "Restrict"
    )]
    Customers,
}

impl Related<super::customers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customers.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
