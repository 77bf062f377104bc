//! The name of every coded value a page, a PDF or an email shows (statuses, kinds, media,
//! delivery methods, couriers …), in the given language: the one place where a closed set
//! becomes text. The texts are in `locales/*.json`.

use crate::bills::FapiaoProgress;
use crate::domain::{
    AccountStatus, ApplicationStatus, BuyerType, Courier, DeliveryMethod, FapiaoType, Medium, SupportKind,
    SupportStatus,
};
use crate::i18n::{Locale, td_string};

/// The name of an application status (已提交, 已开具 …).
pub fn status_label(locale: Locale, status: ApplicationStatus) -> &'static str {
    use ApplicationStatus::*;
    match status {
        Submitted => td_string!(locale, labels.status.submitted),
        Processing => td_string!(locale, labels.status.processing),
        Issued => td_string!(locale, labels.status.issued),
        Mailed => td_string!(locale, labels.status.mailed),
        ReadyForPickup => td_string!(locale, labels.status.ready_for_pickup),
        Rejected => td_string!(locale, labels.status.rejected),
        AwaitingReturn => td_string!(locale, labels.status.awaiting_return),
        AwaitingBuyerConfirmation => td_string!(locale, labels.status.awaiting_buyer_confirmation),
        ReversalPending => td_string!(locale, labels.status.reversal_pending),
        Reversed => td_string!(locale, labels.status.reversed),
        Withdrawn => td_string!(locale, labels.status.withdrawn),
    }
}

/// Where a bill stands with its fapiao, as the bill list says it.
pub fn progress_label(locale: Locale, progress: FapiaoProgress) -> &'static str {
    match progress {
        FapiaoProgress::NotApplied => td_string!(locale, labels.progress.not_applied),
        FapiaoProgress::Draft => td_string!(locale, labels.progress.draft),
        FapiaoProgress::Refunded => td_string!(locale, labels.progress.refunded),
        FapiaoProgress::Split => td_string!(locale, labels.progress.split),
        FapiaoProgress::Applied(status) => status_label(locale, status),
    }
}

pub fn fapiao_type_label(locale: Locale, fapiao_type: FapiaoType) -> &'static str {
    match fapiao_type {
        FapiaoType::General => td_string!(locale, labels.fapiao_type.general),
        FapiaoType::Special => td_string!(locale, labels.fapiao_type.special),
    }
}

pub fn buyer_type_label(locale: Locale, buyer: BuyerType) -> &'static str {
    match buyer {
        BuyerType::Enterprise => td_string!(locale, labels.buyer_type.enterprise),
        BuyerType::NonEnterpriseUnit => td_string!(locale, labels.buyer_type.non_enterprise_unit),
        BuyerType::Individual => td_string!(locale, labels.buyer_type.individual),
    }
}

/// The official name of the kind of fapiao, as the 数电 platform prints it:
/// 电子发票（增值税专用发票）, 电子发票（普通发票）, 纸质发票（增值税专用发票）, 纸质发票（普通发票）.
pub fn fapiao_kind_label(locale: Locale, fapiao_type: FapiaoType, medium: Medium) -> &'static str {
    match (medium, fapiao_type) {
        (Medium::Electronic, FapiaoType::General) => td_string!(locale, labels.kind.electronic_general),
        (Medium::Electronic, FapiaoType::Special) => td_string!(locale, labels.kind.electronic_special),
        (Medium::Paper, FapiaoType::General) => td_string!(locale, labels.kind.paper_general),
        (Medium::Paper, FapiaoType::Special) => td_string!(locale, labels.kind.paper_special),
    }
}

pub fn medium_label(locale: Locale, medium: Medium) -> &'static str {
    match medium {
        Medium::Electronic => td_string!(locale, labels.medium.electronic),
        Medium::Paper => td_string!(locale, labels.medium.paper),
    }
}

pub fn delivery_label(locale: Locale, method: DeliveryMethod) -> &'static str {
    match method {
        DeliveryMethod::Yunda => td_string!(locale, labels.delivery.yunda),
        DeliveryMethod::SfFreightCollect => td_string!(locale, labels.delivery.sf_freight_collect),
        DeliveryMethod::Pickup => td_string!(locale, labels.delivery.pickup),
        DeliveryMethod::Email => td_string!(locale, labels.delivery.email),
    }
}

/// A code typed into a draft or a filter (`general`, `paper`, `yunda` …) in words; an unknown
/// code as it is (a draft holds what was typed, valid or not).
pub fn code_label(locale: Locale, code: &str) -> String {
    if let Ok(t) = FapiaoType::parse(code) {
        return fapiao_type_label(locale, t).to_owned();
    }
    if let Ok(b) = BuyerType::parse(code) {
        return buyer_type_label(locale, b).to_owned();
    }
    if let Ok(m) = Medium::parse(code) {
        return medium_label(locale, m).to_owned();
    }
    if let Ok(c) = Courier::parse(code) {
        return courier_label(locale, c).to_owned();
    }
    if let Ok(d) = DeliveryMethod::parse(code) {
        return delivery_label(locale, d).to_owned();
    }
    code.to_owned()
}

pub fn courier_label(locale: Locale, courier: Courier) -> &'static str {
    match courier {
        Courier::Yunda => td_string!(locale, labels.courier.yunda),
        Courier::Sf => td_string!(locale, labels.courier.sf),
    }
}

pub fn support_kind_label(locale: Locale, kind: SupportKind) -> &'static str {
    match kind {
        SupportKind::ProgressQuery => td_string!(locale, support.kinds.progress_query),
        SupportKind::NotReceived => td_string!(locale, support.kinds.not_received),
        SupportKind::TitleChange => td_string!(locale, support.kinds.title_change),
        SupportKind::Split => td_string!(locale, support.kinds.split),
        SupportKind::Other => td_string!(locale, support.kinds.other),
    }
}

pub fn support_status_label(locale: Locale, status: SupportStatus) -> &'static str {
    match status {
        SupportStatus::Open => td_string!(locale, support.status_open),
        SupportStatus::Answered => td_string!(locale, support.status_answered),
        SupportStatus::Closed => td_string!(locale, support.status_closed),
    }
}

pub fn account_status_label(locale: Locale, status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::Pending => td_string!(locale, staff_accounts.status_pending),
        AccountStatus::Active => td_string!(locale, staff_accounts.status_active),
        AccountStatus::Disabled => td_string!(locale, staff_accounts.status_disabled),
    }
}

pub fn reversal_reason_label(locale: Locale, reason: crate::domain::ReversalReason) -> &'static str {
    use crate::domain::ReversalReason::*;
    match reason {
        IssuedInError => td_string!(locale, labels.reversal_reason.issued_in_error),
        SalesReturn => td_string!(locale, labels.reversal_reason.sales_return),
        ServiceStopped => td_string!(locale, labels.reversal_reason.service_stopped),
        SalesDiscount => td_string!(locale, labels.reversal_reason.sales_discount),
    }
}
