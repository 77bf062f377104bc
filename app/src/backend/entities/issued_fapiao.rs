use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "issued_fapiao")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    pub application_id: i32,
    pub fapiao_code: Option<String>,
    pub fapiao_number: String,
    pub issue_date: Date,
    pub amount_fen: i64,
    pub courier: Option<String>,
    pub tracking_number: Option<String>,
    pub mailed_at: Option<DateTimeUtc>,
    pub reversed_at: Option<DateTimeUtc>,
    pub tax_rate_percent: Option<i16>,
    pub tax_fen: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
