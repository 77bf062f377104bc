use crate::domain::AnnouncementKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "announcements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub kind: AnnouncementKind,
    pub title_zh: String,
    pub title_en: String,
    #[sea_orm(column_type = "Text")]
    pub body_zh: String,
    #[sea_orm(column_type = "Text")]
    pub body_en: String,
    pub expected_mailing_date: Option<Date>,
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    pub created_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
