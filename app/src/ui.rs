//! Small helpers shared by pages: user-facing text for domain errors, page titles.

use crate::bills::FapiaoProgress;
use crate::domain::{ApplicationStatus, DeliveryMethod, FapiaoType, Medium, ValidationError};
use crate::i18n::{Locale, td_string};

/// The sentence shown next to a field for a validation error, in the given language.
/// The one place where `ValidationError` becomes text.
pub fn validation_message(locale: Locale, error: &ValidationError) -> String {
    match error {
        ValidationError::Required => td_string!(locale, validation.required).to_string(),
        ValidationError::TooLong { max } => td_string!(locale, validation.too_long, max = *max).to_string(),
        ValidationError::TooShort { min } => td_string!(locale, validation.too_short, min = *min).to_string(),
        ValidationError::BadFormat => td_string!(locale, validation.bad_format).to_string(),
        ValidationError::DigitsOnly => td_string!(locale, validation.digits_only).to_string(),
        ValidationError::TooMany { max } => td_string!(locale, validation.too_many, max = *max).to_string(),
        ValidationError::NotOffered => td_string!(locale, validation.not_offered).to_string(),
        ValidationError::AlreadyUsed => td_string!(locale, validation.already_used).to_string(),
        ValidationError::FileTooLarge { max_bytes } => {
            td_string!(locale, validation.file_too_large, mb = max_bytes / (1024 * 1024)).to_string()
        }
        ValidationError::FileType => td_string!(locale, validation.file_type).to_string(),
        ValidationError::BadCheckCharacter => td_string!(locale, validation.bad_check_character).to_string(),
        ValidationError::NotGbk(ch) => td_string!(locale, validation.not_gbk, ch = *ch).to_string(),
        ValidationError::CommonPassword => td_string!(locale, validation.common_password).to_string(),
        ValidationError::AmountOutOfRange => td_string!(locale, validation.amount_out_of_range).to_string(),
        ValidationError::UnknownValue => td_string!(locale, validation.unknown_value).to_string(),
        ValidationError::PasswordsDiffer => td_string!(locale, validation.passwords_differ).to_string(),
        ValidationError::OrderNotFound => td_string!(locale, validation.order_not_found).to_string(),
        ValidationError::WrongPassword => td_string!(locale, validation.wrong_password).to_string(),
        ValidationError::BadLine { line } => td_string!(locale, validation.bad_line, line = *line).to_string(),
    }
}

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
        FapiaoProgress::Applied(status) => status_label(locale, status),
    }
}

pub fn fapiao_type_label(locale: Locale, fapiao_type: FapiaoType) -> &'static str {
    match fapiao_type {
        FapiaoType::General => td_string!(locale, labels.fapiao_type.general),
        FapiaoType::Special => td_string!(locale, labels.fapiao_type.special),
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

/// A stored code (`general`, `paper`, `yunda` …) in words; an unknown code as it is.
pub fn code_label(locale: Locale, code: &str) -> String {
    if let Ok(t) = FapiaoType::parse(code) {
        return fapiao_type_label(locale, t).to_owned();
    }
    if let Ok(m) = Medium::parse(code) {
        return medium_label(locale, m).to_owned();
    }
    if let Ok(c) = crate::domain::Courier::parse(code) {
        return match c {
            crate::domain::Courier::Yunda => td_string!(locale, labels.courier.yunda),
            crate::domain::Courier::Sf => td_string!(locale, labels.courier.sf),
        }
        .to_owned();
    }
    if let Ok(d) = DeliveryMethod::parse(code) {
        return delivery_label(locale, d).to_owned();
    }
    code.to_owned()
}

/// `页面 · 发票管理中心`: the document title of a page, in the current language.
pub fn page_title(locale: Locale, page: &str) -> String {
    let app = td_string!(locale, app_name);
    if page.is_empty() { app.to_string() } else { format!("{page} · {app}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_text_in_both_languages() {
        let errors = [
            ValidationError::Required,
            ValidationError::TooLong { max: 100 },
            ValidationError::TooShort { min: 8 },
            ValidationError::BadFormat,
            ValidationError::DigitsOnly,
            ValidationError::TooMany { max: 3 },
            ValidationError::NotOffered,
            ValidationError::AlreadyUsed,
            ValidationError::FileTooLarge { max_bytes: 10 * 1024 * 1024 },
            ValidationError::FileType,
            ValidationError::BadCheckCharacter,
            ValidationError::NotGbk('𠀀'),
            ValidationError::CommonPassword,
            ValidationError::AmountOutOfRange,
            ValidationError::UnknownValue,
            ValidationError::PasswordsDiffer,
            ValidationError::OrderNotFound,
            ValidationError::WrongPassword,
            ValidationError::BadLine { line: 3 },
        ];
        for error in &errors {
            let zh = validation_message(Locale::zh_CN, error);
            let en = validation_message(Locale::en, error);
            assert!(!zh.is_empty() && !en.is_empty());
            assert_ne!(zh, en, "{error:?} is not translated");
        }
        assert_eq!(validation_message(Locale::en, &ValidationError::TooLong { max: 100 }), "At most 100 characters.");
        assert!(validation_message(Locale::zh_CN, &ValidationError::NotGbk('𠀀')).contains('𠀀'));
    }
}
