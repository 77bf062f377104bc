use crate::domain::ReversalReason;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fapiao_reversals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub application_id: i32,
    #[sea_orm(unique)]
    pub issued_fapiao_id: i32,
    pub reason: ReversalReason,
    pub confirmation_number: String,
    pub buyer_must_confirm: bool,
    pub returned_at: Option<DateTimeUtc>,
    pub buyer_confirmed_at: Option<DateTimeUtc>,
    pub buyer_confirmed_by: Option<i32>,
    pub red_fapiao_number: Option<String>,
    pub red_issue_date: Option<Date>,
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
