//! Splitting a bill into parts by amount: staff on the customer's split request, and the
//! customer on the bill's page where the site allows it (`site.customer_split`). A plain form
//! (it lives in server components): the save answers with a redirect carrying field errors.

use crate::components::{TextField, server_field_error};
use crate::i18n::*;
use crate::ui::use_locale;
use leptos::prelude::*;

/// Who splits: the wording of the confirmation differs ("the customer can now…", "you can now…").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitBy {
    Staff,
    Customer,
}

#[component]
pub fn SplitForm(order: String, by: SplitBy) -> impl IntoView {
    let locale = use_locale();
    let split = ServerAction::<crate::bills::SplitBill>::new();
    let pending = split.pending();
    let conflict = move || matches!(split.value().get(), Some(Err(crate::error::AppError::Conflict(_))));
    view! {
        <section aria-labelledby="split-heading">
            <h2 id="split-heading">{td!(locale, support.split_heading)}</h2>
            {crate::ui::done_by_form("split").then(|| view! {
                <p class="notice success" role="status">
                    {match by {
                        SplitBy::Staff => td!(locale, support.split_done).into_any(),
                        SplitBy::Customer => view! {
                            {td!(locale, bill.split_done)} " " <a href="/bills">{td!(locale, bill.back)}</a>
                        }.into_any(),
                    }}
                </p>
            })}
            {move || conflict().then(|| view! { <p class="form-error" role="alert">{td!(locale, support.split_conflict)}</p> })}
            <ActionForm action=split attr:aria-labelledby="split-heading">
                <input type="hidden" name="order_number" value=order.clone() />
                <TextField id="split-amounts" name="amounts" autocomplete="off" maxlength=400 inputmode="decimal"
                    label=Signal::derive(move || td_string!(locale, support.split_amounts).to_owned())
                    hint=Signal::derive(move || td_string!(locale, support.split_hint).to_owned())
                    server_error=server_field_error(split, crate::bills::SPLIT_FIELD) />
                <button type="submit" aria-disabled=move || pending.get().to_string()>{td!(locale, support.split_submit)}</button>
            </ActionForm>
        </section>
    }
}
