use crate::domain::{ApplicationEventKind, ApplicationStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub application_id: i32,
    pub kind: ApplicationEventKind,
    pub from_status: Option<ApplicationStatus>,
    pub to_status: ApplicationStatus,
    pub note: Option<String>,
    pub actor_account_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
