//! Small helpers shared by pages: user-facing text for validation errors, page titles. The
//! names of statuses, kinds and other coded values are in `labels`.

use crate::domain::ValidationError;
use crate::i18n::{Locale, td_string};

/// The sentence shown next to a field for a validation error, in the given language.
/// The one place where `ValidationError` becomes text.
pub fn validation_message(locale: Locale, error: &ValidationError) -> String {
    match error {
        ValidationError::Required => td_string!(locale, validation.required).to_string(),
        ValidationError::TooLong { max } => td_string!(locale, validation.too_long, max = *max).to_string(),
        ValidationError::TooManyBytes { max } => {
            td_string!(locale, validation.too_many_bytes, max = *max, chinese = *max / 2).to_string()
        }
        ValidationError::NotTheBillAmount { bill } => {
            td_string!(locale, validation.not_the_bill_amount, bill = bill.clone()).to_string()
        }
        ValidationError::DateInFuture => td_string!(locale, validation.date_in_future).to_string(),
        ValidationError::DateBeforePayment { paid } => {
            td_string!(locale, validation.date_before_payment, paid = paid.clone()).to_string()
        }
        ValidationError::CourierDiffers => td_string!(locale, validation.courier_differs).to_string(),
        ValidationError::SpecialNotForIndividuals => {
            td_string!(locale, validation.special_not_for_individuals).to_string()
        }
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
        ValidationError::NoBillsSelected => td_string!(locale, validation.no_bills_selected).to_string(),
        ValidationError::BillsNotAlike => td_string!(locale, validation.bills_not_alike).to_string(),
        ValidationError::OverFapiaoLimit { limit } => {
            td_string!(locale, validation.over_fapiao_limit, limit = limit.clone()).to_string()
        }
        ValidationError::BillNotFree { order } => {
            td_string!(locale, validation.bill_not_free, order = order.clone()).to_string()
        }
        ValidationError::PartCount { max } => td_string!(locale, validation.part_count, max = *max).to_string(),
        ValidationError::PartsDoNotSum { bill, parts } => {
            td_string!(locale, validation.parts_do_not_sum, bill = bill.clone(), parts = parts.clone()).to_string()
        }
    }
}

/// The page's language. Server components and islands alike read it here: `App` provides it on
/// the server, `islands::provide_island_context` inside an island (where the page's context does
/// not reach). A plain value, not leptos_i18n's context, which the app does not provide (why:
/// `page_locale` in `app.rs`): a language change loads the page again.
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<Locale>().unwrap_or_default()
}

/// Whether a form of this page, posted as a page, came back having done `what`
/// (`?done={what}`, from `backend::request::back_with_done`) — and not refused since (`__err`).
pub fn done_by_form(what: &str) -> bool {
    use leptos::prelude::ReadUntracked;
    let query = leptos_router::hooks::use_query_map().read_untracked();
    query.get("__err").is_none() && query.get("done").as_deref() == Some(what)
}

/// `页面 · 发票管理中心`: the document title of a page, in the current language.
fn page_title(locale: Locale, page: &str) -> String {
    let app = td_string!(locale, app_name);
    if page.is_empty() { app.to_string() } else { format!("{page} · {app}") }
}

/// The page's `<title>`, `page · 发票管理中心` (the app's name alone for an empty `page`),
/// fixed when the page renders.
///
/// Never a closure over a signal: leptos_meta reads the title after the body has rendered, in
/// leptos_integration_utils' response future, which is not `Sandboxed` (reactive_graph 0.2.16):
/// a page that awaited the database resumes there with whichever request's arena its thread
/// last ran, and a signal read then panicked ("already been disposed") or read that request's
/// value. Under 16 concurrent readers of the bills page, 3 % of the connections were closed
/// that way. A page is rendered once per language (a switch loads it again), so a plain text
/// loses nothing.
#[leptos::component]
pub fn PageTitle(#[prop(into)] text: String) -> impl leptos::IntoView {
    let text = page_title(use_locale(), &text);
    leptos::view! { <leptos_meta::Title text /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_text_in_both_languages() {
        let errors = crate::domain::every_variant();
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
