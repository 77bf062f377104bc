use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_drafts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub account_id: i32,
    pub order_id: i32,
    pub step: i16,
    #[sea_orm(column_type = "Text")]
    pub data: String,
    /// The draft's other bills (order ids, comma-separated), when made from a selection.
    #[sea_orm(column_type = "Text", nullable)]
    pub together_with: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
