//! Shared domain types. Each parses at the boundary and is valid by construction; the same
//! `parse` runs in the browser for instant feedback and in the server, which decides.

mod account;
mod announcement;
mod bank;
mod coded_enum;
mod delivery_emails;
mod email;
mod error;
mod fapiao;
mod gbk;
mod issued;
mod mobile;
mod money;
mod normalize;
mod order_number;
mod password;
mod postal_code;
mod resident_id;
mod status;
mod support;
mod taxpayer_id;
mod title;

pub use account::{AccountStatus, Role};
pub use announcement::AnnouncementKind;
pub use bank::{BankAccount, PhoneNumber};
pub(crate) use coded_enum::coded_enum;
pub use delivery_emails::DeliveryEmails;
pub use email::EmailAddress;
pub use error::ValidationError;
#[cfg(test)]
pub(crate) use error::every_variant;
pub use fapiao::{BuyerType, DeliveryMethod, FapiaoType, Medium};
pub use gbk::{GbkText, comparable, gbk_len};
pub use issued::{Courier, FapiaoFileKind, FapiaoNumber, parse_tracking_number};
pub use mobile::Mobile;
pub use money::{Fen, TaxRate, TaxedAmount};
pub use order_number::OrderNumber;
pub use password::Password;
pub use postal_code::PostalCode;
pub use resident_id::ResidentId;
pub use status::{
    AccessRequestStatus, ApplicationEventKind, ApplicationStatus, CalendarDayKind, OrderStatus, OutboxStatus,
    ReversalReason, SupportStatus,
};
pub use support::SupportKind;
pub use taxpayer_id::{TaxpayerId, Uscc};
pub use title::FapiaoTitle;
