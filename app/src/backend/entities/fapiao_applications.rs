use crate::domain::{ApplicationStatus, BuyerType, DeliveryMethod, FapiaoType, Medium};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fapiao_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    #[sea_orm(unique)]
    pub application_number: String,
    pub order_id: i32,
    pub account_id: i32,
    pub status: ApplicationStatus,
    pub version: i32,
    pub fapiao_type: FapiaoType,
    pub buyer_type: BuyerType,
    pub medium: Medium,
    pub title: String,
    pub taxpayer_id: Option<String>,
    pub registered_address: Option<String>,
    pub registered_phone: Option<String>,
    pub bank_name: Option<String>,
    pub bank_account: Option<String>,
    /// 备注 to print on the fapiao, as the customer asked.
    pub remark: Option<String>,
    /// 签收: when the customer confirmed the paper fapiao arrived.
    pub received_at: Option<DateTimeUtc>,
    pub payer_name_differs: bool,
    pub delivery_method: DeliveryMethod,
    pub recipient: Option<String>,
    pub mobile: Option<String>,
    pub province_code: Option<String>,
    pub city_code: Option<String>,
    pub district_code: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub delivery_emails: Option<String>,
    pub rejection_reason: Option<String>,
    pub submitted_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::orders::Entity", from = "Column::OrderId", to = "super::orders::Column::Id")]
    Orders,
}

impl Related<super::orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Orders.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
