use crate::domain::{SupportKind, SupportStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    #[sea_orm(unique)]
    pub request_number: String,
    pub account_id: i32,
    pub kind: SupportKind,
    pub status: SupportStatus,
    pub subject: String,
    pub order_id: Option<i32>,
    pub application_id: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
