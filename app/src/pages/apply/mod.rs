//! `/bills/{order}/apply/{step}`: the fapiao application form, one step per page. Every step
//! is a plain form that posts to `save_application_step` (so it works without JavaScript);
//! the server saves what was typed into the draft before checking it, so nothing is lost.
//! The order and content of the steps are in `applications::steps`.

mod delivery_step;
mod frame;
mod review_step;
mod title_step;
mod type_step;

use crate::applications::steps::Step;
use crate::applications::{ApplyContext, SaveApplicationStep, load_application_form};
use crate::components::{LoadError, Loading, StepIndicator, step_name, step_of};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};

#[component]
pub fn ApplyPage() -> impl IntoView {
    let params = use_params_map();
    let order = move || params.read().get("order").unwrap_or_default();
    // No step in the path is step 1; a step that does not exist is "not found".
    let step = move || match params.read().get("step") {
        None => Some(Step::Type),
        Some(number) => number.parse::<u8>().ok().and_then(Step::from_number),
    };
    let save = ServerAction::<SaveApplicationStep>::new();
    // After a save the server accepted, go where it says; reload the draft in place when that
    // is this step (a saved title or address was filled in). A refusal reloads nothing: that
    // would rebuild the form under the customer's fingers and lose the focus on the problem.
    let reloads = RwSignal::new(0u32);
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        if let Some(Ok(path)) = save.value().get() {
            if path == location.pathname.get_untracked() {
                reloads.update(|n| *n += 1);
            } else {
                navigate(&path, Default::default());
            }
        }
    });
    let context =
        Resource::new_blocking(move || (order(), step(), reloads.get()), |(order, _, _)| load_application_form(order));
    focus_first_error_after(save);

    view! {
        <Suspense fallback=Loading>
            {move || {
                let step = step();
                Suspend::new(async move {
                    match (context.await, step) {
                        (Err(error), _) => view! { <LoadError error /> }.into_any(),
                        (Ok(_), None) => view! { <LoadError error=AppError::NotFound /> }.into_any(),
                        (Ok(context), Some(step)) => view! { <ApplyStep context step save /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ApplyStep(context: ApplyContext, step: Step, save: ServerAction<SaveApplicationStep>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = move || {
        let locale = i18n.get_locale();
        td_string!(locale, apply.heading, step_of = step_of(locale, step), name = step_name(locale, step)).to_string()
    };
    let title = move || format!("{} · {}", heading(), t_string!(i18n, apply.title));
    let bill = context.bill.clone();
    let summary = {
        let bill = bill.clone();
        move || {
            t_string!(
                i18n,
                apply.for_bill,
                order = bill.order_number.clone(),
                product = bill.product.clone(),
                amount = bill.amount.clone(),
                rate = bill.tax_rate.clone(),
                tax = bill.tax.clone()
            )
            .to_string()
        }
    };

    let body = if let Some(number) = context.active_application.clone() {
        let href = crate::urls::application(&number);
        view! {
            <p class="notice" role="status">{t!(i18n, apply.already_applied, number = number.clone())}</p>
            <p><a class="button" href=href>{t!(i18n, apply.view_application)}</a></p>
        }
        .into_any()
    } else if !bill.progress.can_apply() {
        view! { <p class="notice">{t!(i18n, apply.cannot_apply)}</p> }.into_any()
    } else {
        match step {
            Step::Type => view! { <type_step::TypeStep context save /> }.into_any(),
            Step::Title => view! { <title_step::TitleStep context save /> }.into_any(),
            Step::Delivery => view! { <delivery_step::DeliveryStep context save /> }.into_any(),
            Step::Review => view! { <review_step::ReviewStep context /> }.into_any(),
        }
    };
    view! {
        <Title text=move || crate::ui::page_title(i18n.get_locale(), &title()) />
        <section class="panel apply">
            <p class="eyebrow">{t!(i18n, apply.title)}</p>
            <h1>{heading}</h1>
            <p class="hint">{summary}</p>
            <StepIndicator current=step order_number=bill.order_number.clone() />
            {body}
        </section>
    }
}

/// After a refused step, moves the focus to the first field in error, so keyboard and
/// screen-reader users land on what needs changing.
fn focus_first_error_after(save: ServerAction<SaveApplicationStep>) {
    Effect::new(move |_| {
        if let Some(Err(AppError::Validation(_))) = save.value().get() {
            request_animation_frame(|| {
                use leptos::wasm_bindgen::JsCast;
                let first = document()
                    .query_selector(
                        ".field-invalid input:not([type=hidden]), .field-invalid select, .field-invalid textarea",
                    )
                    .ok()
                    .flatten();
                if let Some(element) = first.and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
                    let _ = element.focus();
                }
            });
        }
    });
}
