use super::frame::{SEARCH_FROM, SavedButtons, SavedEntry, SavedSearch, StepForm, field_error, label, step_save};
use crate::applications::form::{ApplicationForm, FormFields};
use crate::applications::form::{checks, limits};
use crate::applications::steps::Step;
use crate::components::{CheckboxField, TextField};
use crate::domain::BuyerType;
use crate::i18n::*;
use crate::islands::Post;
use crate::ui::use_locale;
use leptos::either::Either;
use leptos::prelude::*;

/// Step 2's form, an island of its own.
/// Its props are what it shows (README, "Light pages": every prop is deserialised by code in
/// the island's Wasm).
#[island(lazy)]
pub fn TitleStepForm(
    locale: Locale,
    order_number: String,
    payer_name: String,
    form: FormFields,
    saved_titles: Vec<SavedEntry>,
) -> impl IntoView {
    crate::islands::provide_island_context(locale);
    let form = ApplicationForm::from_fields(form);
    view! { <TitleStep order_number payer_name form saved_titles save=step_save() /> }
}

/// Step 2: the title (抬头) and, for a 专用发票, the enterprise's registration details.
#[component]
fn TitleStep(
    order_number: String,
    payer_name: String,
    form: ApplicationForm,
    saved_titles: Vec<SavedEntry>,
    save: Post<String>,
) -> impl IntoView {
    let locale = use_locale();
    if form.fapiao_type().is_none() {
        return Either::Left(view! { <NeedEarlierStep order_number /> });
    }
    let special = form.is_special();
    let individual = form.buyer_type() == Some(BuyerType::Individual);
    let id_required = form.taxpayer_id_required();
    let registration_required = form.registration_required();
    let payer = payer_name;
    let payer_differs = form.payer_name_differs(&payer);
    let saved = saved_titles;
    let query = RwSignal::new(String::new());
    let title_hint = match (individual, special) {
        (true, _) => label(locale, |l| td_string!(l, apply.title_hint_individual)),
        (false, true) => label(locale, |l| td_string!(l, apply.title_hint_special)),
        (false, false) => label(locale, |l| td_string!(l, apply.title_hint_general)),
    };
    let (id_label, id_hint, id_check): (_, _, fn(&str) -> Option<_>) = match (individual, id_required) {
        (true, _) => (
            label(locale, |l| td_string!(l, apply.resident_id)),
            label(locale, |l| td_string!(l, apply.resident_id_hint)),
            checks::resident_id_field,
        ),
        (false, true) => (
            label(locale, |l| td_string!(l, apply.taxpayer_id)),
            label(locale, |l| td_string!(l, apply.taxpayer_id_hint)),
            checks::taxpayer_id_required_field,
        ),
        (false, false) => (
            label(locale, |l| td_string!(l, apply.taxpayer_id_optional)),
            label(locale, |l| td_string!(l, apply.taxpayer_id_hint)),
            checks::taxpayer_id_optional_field,
        ),
    };
    // On paper every registration field is required; on a 数电专票 each is optional.
    let pick = move |required: bool, yes: fn(Locale) -> &'static str, no: fn(Locale) -> &'static str| {
        label(locale, if required { yes } else { no })
    };
    let field_check = |required: bool, yes: fn(&str) -> Option<_>, no: fn(&str) -> Option<_>| {
        if required { yes } else { no }
    };
    Either::Right(view! {
        <StepForm order_number step=Step::Title save>
            {(!saved.is_empty()).then(|| view! {
                <fieldset class="saved-choices">
                    <legend>{td!(locale, apply.saved_titles)}</legend>
                    {(saved.len() >= SEARCH_FROM).then(|| view! {
                        <SavedSearch id="apply-saved-search" label=label(locale, |l| td_string!(l, books.search_saved)) query />
                    })}
                    <SavedButtons entries=saved action=label(locale, |l| td_string!(l, apply.use_saved_title)) query />
                    <p class="hint"><a href="/account/titles">{td!(locale, books.manage_titles)}</a></p>
                </fieldset>
            })}
            <TextField id="apply-title" name="form[title]" label=label(locale, |l| td_string!(l, apply.title_label))
                autocomplete=if individual { "name" } else { "organization" } maxlength=limits::TITLE value=form.title.clone()
                hint=title_hint
                server_error=field_error(save, "title") check=checks::title_field />
            {payer_differs.then(|| view! {
                <p class="warning" role="note">{td!(locale, apply.payer_differs, payer = payer.clone())}</p>
            })}
            <TextField id="apply-taxpayer-id" name="form[taxpayer_id]" label=id_label
                autocomplete="off" maxlength=limits::TAXPAYER_ID value=form.taxpayer_id.clone()
                hint=id_hint server_error=field_error(save, "taxpayer_id") check=id_check />
            {special.then(|| view! {
                {(!registration_required).then(|| view! { <p class="hint">{td!(locale, apply.registration_optional_hint)}</p> })}
                <TextField id="apply-registered-address" name="form[registered_address]"
                    label=pick(registration_required, |l| td_string!(l, apply.registered_address), |l| td_string!(l, apply.registered_address_optional))
                    autocomplete="street-address" hint=label(locale, |l| td_string!(l, apply.address_phone_hint))
                    maxlength=limits::REGISTERED_ADDRESS value=form.registered_address.clone()
                    server_error=field_error(save, "registered_address")
                    check=field_check(registration_required, checks::registered_address_field, checks::registered_address_optional_field) />
                <TextField id="apply-registered-phone" name="form[registered_phone]" input_type="tel" inputmode="tel"
                    label=pick(registration_required, |l| td_string!(l, apply.registered_phone), |l| td_string!(l, apply.registered_phone_optional))
                    autocomplete="tel" maxlength=limits::REGISTERED_PHONE
                    value=form.registered_phone.clone()
                    server_error=field_error(save, "registered_phone")
                    check=field_check(registration_required, checks::registered_phone_field, checks::registered_phone_optional_field) />
                <TextField id="apply-bank-name" name="form[bank_name]"
                    label=pick(registration_required, |l| td_string!(l, apply.bank_name), |l| td_string!(l, apply.bank_name_optional))
                    hint=label(locale, |l| td_string!(l, apply.bank_hint))
                    autocomplete="off" maxlength=limits::BANK_NAME value=form.bank_name.clone()
                    server_error=field_error(save, "bank_name")
                    check=field_check(registration_required, checks::bank_name_field, checks::bank_name_optional_field) />
                <TextField id="apply-bank-account" name="form[bank_account]" inputmode="numeric"
                    label=pick(registration_required, |l| td_string!(l, apply.bank_account), |l| td_string!(l, apply.bank_account_optional))
                    autocomplete="off" maxlength=limits::BANK_ACCOUNT
                    value=form.bank_account.clone()
                    server_error=field_error(save, "bank_account")
                    check=field_check(registration_required, checks::bank_account_field, checks::bank_account_optional_field) />
            })}
            <TextField id="apply-remark" name="form[remark]" label=label(locale, |l| td_string!(l, apply.remark_optional))
                autocomplete="off" maxlength=limits::REMARK_BYTES value=form.remark.clone()
                hint=label(locale, |l| td_string!(l, apply.remark_hint))
                server_error=field_error(save, "remark") check=checks::remark_field />
            <CheckboxField id="apply-save-title" name="form[save_title]" label=label(locale, |l| td_string!(l, apply.save_title))
                checked=form.save_title />
            <p class="hint">{td!(locale, apply.one_title_rule)} " " <a href="/support?kind=split">{td!(locale, bill.split_link)}</a></p>
        </StepForm>
    })
}

/// Shown on a step reached before the type was chosen (a bookmark, a typed URL).
#[component]
pub fn NeedEarlierStep(order_number: String) -> impl IntoView {
    let locale = use_locale();
    let href = Step::Type.path(&order_number);
    view! {
        <p class="notice">{td!(locale, apply.need_type)}</p>
        <p><a class="button" href=href>{td!(locale, apply.go_to_step, number = 1)}</a></p>
    }
}
