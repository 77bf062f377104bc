use crate::domain::{BuyerType, FapiaoType};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_titles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub account_id: i32,
    pub fapiao_type: FapiaoType,
    pub buyer_type: BuyerType,
    pub title: String,
    pub taxpayer_id: Option<String>,
    pub registered_address: Option<String>,
    pub registered_phone: Option<String>,
    pub bank_name: Option<String>,
    pub bank_account: Option<String>,
    pub updated_at: DateTimeUtc,
    /// Pre-selected in the application form; at most one per account (a unique index).
    pub is_default: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
