//! `/bills/{order}/apply/{step}`: the fapiao application form, one step per page. The page is
//! rendered on the server; each step's form is a lazy island (its Wasm is fetched only on that
//! step), which checks fields as they are left and saves through `save_application_step`.
//! Without JavaScript every step is a plain form posting to the same server function; the
//! server saves what was typed into the draft before checking it, so nothing is lost.
//! The order and content of the steps are in `applications::steps`.

mod delivery_step;
mod frame;
mod review_step;
mod title_step;
mod type_step;

pub(crate) use frame::title_entries;
pub(crate) use title_step::TitleStepForm;

use crate::applications::steps::Step;
use crate::applications::{ApplyContext, load_application_form};
use crate::components::{LoadError, Loading, StepIndicator, step_name, step_of};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let params = use_params_map();
    let order = move || params.read().get("order").unwrap_or_default();
    // No step in the path is step 1; a step that does not exist is "not found".
    let step = move || match params.read().get("step") {
        None => Some(Step::Type),
        Some(number) => number.parse::<u8>().ok().and_then(Step::from_number),
    };
    let context = Resource::new_blocking(order, load_application_form);

    view! {
        <Suspense fallback=Loading>
            {move || {
                let step = step();
                Suspend::new(async move {
                    match (context.await, step) {
                        (Err(error), _) => view! { <LoadError error /> }.into_any(),
                        (Ok(_), None) => view! { <LoadError error=AppError::NotFound /> }.into_any(),
                        (Ok(context), Some(step)) => view! { <ApplyStep context step /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The page of one step, rendered on the server; the step's form is an island.
#[component]
fn ApplyStep(mut context: ApplyContext, step: Step) -> impl IntoView {
    let locale = use_locale();
    let heading =
        td_string!(locale, apply.heading, step_of = step_of(locale, step), name = step_name(locale, step)).to_string();
    let title = format!("{heading} · {}", td_string!(locale, apply.title));
    let bill = context.bill.clone();
    let summary = td_string!(
        locale,
        apply.for_bill,
        order = bill.order_number.clone(),
        product = bill.product.clone(),
        amount = bill.amount.clone(),
        rate = bill.tax_rate.clone(),
        tax = bill.tax.clone()
    )
    .to_string();

    // Shown by the page; the step islands need it not (only the review, on the server, does).
    let together = if step == Step::Review { context.together.clone() } else { context.together.take() };
    let body = if let Some(number) = context.active_application.clone() {
        let href = crate::urls::application(&number);
        view! {
            <p class="notice" role="status">{td!(locale, apply.already_applied, number = number.clone())}</p>
            <p><a class="button" href=href>{td!(locale, apply.view_application)}</a></p>
        }
        .into_any()
    } else if !bill.progress.can_apply() {
        view! { <p class="notice">{td!(locale, apply.cannot_apply)}</p> }.into_any()
    } else {
        match step {
            Step::Type => {
                let ApplyContext { bill, form, .. } = context;
                view! {
                    <type_step::TypeStepForm locale order_number=bill.order_number buyer_type=form.buyer_type
                        fapiao_type=form.fapiao_type medium=form.medium />
                }
                .into_any()
            }
            Step::Title => {
                let ApplyContext { bill, form, saved_titles, .. } = context;
                let saved_titles = frame::title_entries(saved_titles);
                view! {
                    <title_step::TitleStepForm locale order_number=bill.order_number payer_name=bill.payer_name
                        form=form.to_fields() saved_titles />
                }
                .into_any()
            }
            Step::Delivery => {
                // Most customers want the e-fapiao where their login mail goes.
                if context.form.delivery_emails.trim().is_empty() {
                    context.form.delivery_emails =
                        crate::auth::use_current_account().map(|a| a.email).unwrap_or_default();
                }
                let ApplyContext { bill, form, saved_addresses, pickup, divisions, .. } = context;
                let saved_addresses = frame::address_entries(saved_addresses);
                view! {
                    <delivery_step::DeliveryStep locale order_number=bill.order_number form saved_addresses
                        pickup divisions />
                }
                .into_any()
            }
            Step::Review => view! { <review_step::ReviewStep context /> }.into_any(),
        }
    };
    view! {
        <PageTitle text=title />
        <section class="panel apply">
            <p class="eyebrow">{td!(locale, apply.title)}</p>
            <h1>{heading}</h1>
            {match together {
                Some(together) => view! { <crate::components::TogetherBills together /> }.into_any(),
                None => view! { <p class="hint">{summary}</p> }.into_any(),
            }}
            <StepIndicator current=step order_number=bill.order_number.clone() />
            {body}
        </section>
    }
}
