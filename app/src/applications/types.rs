//! What the application pages and the application service share: the form's data, an application, its timeline and files.

use crate::bills::Bill;
use crate::domain::ApplicationStatus;
use crate::domain::{BuyerType, DeliveryMethod, FapiaoFileKind, FapiaoType, Medium};
use serde::{Deserialize, Serialize};

/// The Shanghai branch where paper fapiao can be collected (from configuration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupPoint {
    pub address_zh: String,
    pub address_en: String,
    pub contact: String,
    pub phone: String,
}

/// A title the account saved for reuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTitle {
    pub id: i32,
    pub title: String,
    pub taxpayer_id: Option<String>,
}

/// A delivery address the account saved for reuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: i32,
    /// `韩梅梅 138…5678 上海市 市辖区 浦东新区 张江路 88 号`.
    pub summary: String,
}

/// Everything the application form of one bill shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyContext {
    pub bill: Bill,
    /// The saved draft, or a new form pre-filled from the account's last application.
    pub form: crate::applications::form::ApplicationForm,
    pub saved_titles: Vec<SavedTitle>,
    pub saved_addresses: Vec<SavedAddress>,
    /// The bill's active application: the bill takes no second one.
    pub active_application: Option<String>,
    pub pickup: PickupPoint,
    /// Sent back with "confirm", so a double click or a retry creates one application.
    pub idempotency_key: String,
    /// The names of the chosen province/city/district, for the review.
    pub place_name: Option<String>,
    /// The options of the address selects for the chosen province and city.
    pub divisions: DivisionOptions,
    /// The bills of the fapiao, when the customer ticked several on the bill list.
    pub together: Option<crate::bills::Together>,
}

/// Options of the three cascading address selects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionOptions {
    pub provinces: Vec<(String, String)>,
    pub cities: Vec<(String, String)>,
    pub districts: Vec<(String, String)>,
}

/// One entry of an application's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Shanghai time.
    pub at: String,
    pub status: ApplicationStatus,
    pub note: Option<String>,
}

/// An e-fapiao file (PDF, OFD or XML) of an issued fapiao.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLink {
    pub id: i32,
    /// Where the owning customer (or staff) downloads it.
    pub href: String,
    pub kind: FapiaoFileKind,
    pub file_name: String,
    pub size_bytes: i64,
}

/// The 红冲 of the application's fapiao: under way or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReversalView {
    pub reason: crate::domain::ReversalReason,
    /// 红字确认单 number.
    pub confirmation_number: String,
    pub buyer_must_confirm: bool,
    /// Shanghai time, when the buyer confirmed.
    pub buyer_confirmed_at: Option<String>,
    /// Shanghai time, when the paper fapiao came back.
    pub returned_at: Option<String>,
    /// The red-letter fapiao, once issued.
    pub red_fapiao_number: Option<String>,
    pub red_issue_date: Option<String>,
}

/// One sending of an e-fapiao to an address, and where its email stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub to: String,
    pub state: crate::domain::OutboxStatus,
    /// Shanghai time: when it was sent, or queued.
    pub at: String,
    /// The files were too large to attach: the email carried a 30-day download link.
    pub by_link: bool,
}

/// The issued fapiao of an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedView {
    pub code: Option<String>,
    pub number: String,
    pub issue_date: String,
    /// 价税合计, 税率 and 税额 as issued.
    pub amount: String,
    pub tax_rate: String,
    pub tax: String,
    pub courier: Option<String>,
    pub tracking_number: Option<String>,
    pub reversed: bool,
    pub files: Vec<FileLink>,
    /// Every emailing of the e-fapiao, oldest first.
    pub deliveries: Vec<DeliveryView>,
}

/// An application as its customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub number: String,
    pub status: ApplicationStatus,
    pub bill: Bill,
    pub buyer_type: BuyerType,
    pub fapiao_type: FapiaoType,
    pub medium: Medium,
    pub title: String,
    pub taxpayer_id: Option<String>,
    pub registered_address: Option<String>,
    pub registered_phone: Option<String>,
    pub bank_name: Option<String>,
    pub bank_account: Option<String>,
    /// 备注 to print on the fapiao.
    pub remark: Option<String>,
    pub payer_name_differs: bool,
    pub delivery_method: DeliveryMethod,
    pub recipient: Option<String>,
    pub mobile: Option<String>,
    /// Province, city, district and street.
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub delivery_emails: Option<String>,
    pub rejection_reason: Option<String>,
    /// 签收: when the customer confirmed the paper fapiao arrived.
    pub received_at: Option<String>,
    pub submitted_at: String,
    pub due_at: String,
    pub timeline: Vec<TimelineEntry>,
    /// The fapiao, once issued (the latest, when one was reversed and issued again).
    pub fapiao: Option<IssuedView>,
    /// Its 红冲, when one was started.
    pub reversal: Option<ReversalView>,
    /// Its bills, when it is for several (`bill` is the first of them).
    pub together: Option<crate::bills::Together>,
    /// The latest 换开 request, if the customer made one.
    pub reissue: Option<ReissueView>,
}

/// The longest reason a re-issue request gives, in characters.
pub const REISSUE_REASON_CHARS: usize = 200;

/// A customer's request to re-issue the fapiao with a new title or type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReissueView {
    pub reason: String,
    pub buyer_type: BuyerType,
    pub fapiao_type: FapiaoType,
    pub title: String,
    pub taxpayer_id: Option<String>,
    pub requested_at: String,
    /// The 红冲 completed and the new application form waits for the customer.
    pub resolved: bool,
}

/// A line of the customer's application list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub number: String,
    /// The first bill; `bill_count` says how many the fapiao covers in all.
    pub order_number: String,
    pub bill_count: usize,
    pub title: String,
    pub status: ApplicationStatus,
    pub submitted_at: String,
}
