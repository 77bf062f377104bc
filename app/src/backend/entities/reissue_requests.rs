use crate::domain::{BuyerType, FapiaoType};
use sea_orm::entity::prelude::*;

/// A customer's request to re-issue a fapiao with a new title or type (see the migration
/// `reissue_requests`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reissue_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub application_id: i32,
    pub account_id: i32,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub buyer_type: BuyerType,
    pub fapiao_type: FapiaoType,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub taxpayer_id: Option<String>,
    /// When the 红冲 completed and the new application form was made.
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
