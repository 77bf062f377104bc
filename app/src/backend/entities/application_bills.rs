use sea_orm::entity::prelude::*;

/// One bill of an application (see the migration `several_bills`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_bills")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub application_id: i32,
    pub order_id: i32,
    /// The application was withdrawn or reversed: the bill is free again.
    pub released: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
