use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_addresses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub account_id: i32,
    pub recipient: String,
    pub mobile: String,
    pub province_code: String,
    pub city_code: String,
    pub district_code: String,
    pub street: String,
    pub postal_code: String,
    pub updated_at: DateTimeUtc,
    /// Pre-selected in the application form; at most one per account (a unique index).
    pub is_default: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
