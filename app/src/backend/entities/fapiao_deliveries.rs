use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fapiao_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub application_id: i32,
    pub issued_fapiao_id: i32,
    pub to_address: String,
    /// The email; NULL once the clean-up removed it after it was sent.
    pub outbox_id: Option<i32>,
    #[sea_orm(unique)]
    pub link_token_hash: Option<String>,
    pub link_expires_at: Option<DateTimeUtc>,
    pub requested_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
