use crate::applications::form::ApplicationForm;
use crate::applications::steps::Step;
use crate::applications::{ApplyContext, ConfirmApplication};
use crate::components::step_name;
use crate::domain::{BuyerType, DeliveryMethod, FapiaoType, Medium};
use crate::error::AppError;
use crate::i18n::*;
use crate::labels::{code_label, fapiao_kind_label};
use crate::ui::{use_locale, validation_message};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Step 4: everything once more, each section with a link to change it, then confirm.
#[component]
pub fn ReviewStep(context: ApplyContext) -> impl IntoView {
    let locale = use_locale();
    let form = context.form.clone();
    let order_number = context.bill.order_number.clone();
    // A fapiao for several bills shows their total.
    let (amount, tax_rate, tax) = match &context.together {
        Some(t) => (t.total.clone(), t.tax_rate.clone(), t.tax.clone()),
        None => (context.bill.amount.clone(), context.bill.tax_rate.clone(), context.bill.tax.clone()),
    };
    // The same rules the server applies on confirm, shown before the customer tries.
    let problems = form.validate().err();
    let payer_differs = form.payer_name_differs(&context.bill.payer_name);
    let not_set = move || td_string!(locale, apply.not_set).to_string();
    let value = move |text: &str| if text.trim().is_empty() { not_set() } else { text.trim().to_owned() };
    let code = move |text: String| move || if text.is_empty() { not_set() } else { code_label(locale, &text) };
    let medium = form.medium();
    let delivery = DeliveryMethod::parse(&form.delivery_method).ok();
    let emailed = medium == Some(Medium::Electronic);
    let pickup = delivery == Some(DeliveryMethod::Pickup);
    let address = format!("{} {}", context.place_name.clone().unwrap_or_default(), form.street.trim());
    let special = form.fapiao_type() == Some(FapiaoType::Special);
    let kind = form.fapiao_type().zip(form.medium());
    let id_label: fn(Locale) -> &'static str = if form.buyer_type() == Some(BuyerType::Individual) {
        |l| td_string!(l, apply.resident_id)
    } else {
        |l| td_string!(l, apply.taxpayer_id)
    };
    let ApplicationForm {
        buyer_type,
        fapiao_type,
        medium: medium_code,
        title,
        taxpayer_id,
        registered_address,
        registered_phone,
        bank_name,
        bank_account,
        remark,
        delivery_method,
        recipient,
        mobile,
        postal_code,
        delivery_emails,
        ..
    } = form;

    view! {
        <p class="lead">{td!(locale, apply.review_lead)}</p>
        {problems.map(|(step, errors)| view! {
            <div class="form-error" role="alert">
                <p>{td!(locale, apply.review_errors)}</p>
                <ul>
                    {errors.into_iter().map(|(field, error)| {
                        let step_of_field = Step::of_field(&field).unwrap_or(step);
                        let field_name = field_label(field);
                        view! {
                            <li>
                                {move || step_name(locale, step_of_field)} " · "
                                {move || field_name(locale)} ": "
                                {move || validation_message(locale, &error)} " "
                                <a href=step_of_field.path(&order_number)>{td!(locale, apply.fix_step)}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })}
        <ReviewSection step=Step::Type order_number=context.bill.order_number.clone()>
            <dt>{td!(locale, apply.buyer_type_legend)}</dt><dd>{code(buyer_type)}</dd>
            {match kind {
                Some((t, m)) => view! {
                    <dt>{td!(locale, apply.section_type)}</dt><dd>{move || fapiao_kind_label(locale, t, m)}</dd>
                }.into_any(),
                None => view! {
                    <dt>{td!(locale, apply.type_legend)}</dt><dd>{code(fapiao_type)}</dd>
                    <dt>{td!(locale, apply.medium_legend)}</dt><dd>{code(medium_code)}</dd>
                }.into_any(),
            }}
            <dt>{td!(locale, bills.total_with_tax)}</dt><dd>{amount}</dd>
            <dt>{td!(locale, bills.tax_rate)}</dt><dd>{tax_rate}</dd>
            <dt>{td!(locale, bills.tax_amount)}</dt><dd>{tax}</dd>
        </ReviewSection>
        <ReviewSection step=Step::Title order_number=context.bill.order_number.clone()>
            <dt>{td!(locale, apply.title_label)}</dt><dd>{value(&title)}</dd>
            <dt>{move || id_label(locale)}</dt><dd>{value(&taxpayer_id)}</dd>
            {special.then(|| view! {
                <dt>{td!(locale, apply.registered_address)}</dt><dd>{value(&registered_address)}</dd>
                <dt>{td!(locale, apply.registered_phone)}</dt><dd>{value(&registered_phone)}</dd>
                <dt>{td!(locale, apply.bank_name)}</dt><dd>{value(&bank_name)}</dd>
                <dt>{td!(locale, apply.bank_account)}</dt><dd>{value(&bank_account)}</dd>
            })}
            {(!remark.trim().is_empty()).then(|| view! { <dt>{td!(locale, apply.remark)}</dt><dd>{remark.trim().to_owned()}</dd> })}
        </ReviewSection>
        {payer_differs.then(|| view! {
            <p class="warning" role="note">{td!(locale, apply.payer_differs, payer = context.bill.payer_name.clone())}</p>
        })}
        <ReviewSection step=Step::Delivery order_number=context.bill.order_number.clone()>
            <dt>{td!(locale, apply.delivery_legend)}</dt><dd>{code(delivery_method)}</dd>
            {emailed.then(|| view! { <dt>{td!(locale, apply.emails)}</dt><dd>{value(&delivery_emails)}</dd> })}
            {(!emailed).then(|| view! {
                <dt>{td!(locale, apply.recipient)}</dt><dd>{value(&recipient)}</dd>
                <dt>{td!(locale, apply.mobile)}</dt><dd>{value(&mobile)}</dd>
            })}
            {(!emailed && !pickup).then(|| view! {
                <dt>{td!(locale, apply.address_legend)}</dt><dd>{value(&address)}</dd>
                <dt>{td!(locale, apply.postal_code)}</dt><dd>{value(&postal_code)}</dd>
            })}
            {pickup.then(|| {
                let pickup = context.pickup.clone();
                view! {
                    <dt>{td!(locale, apply.pickup_heading)}</dt>
                    <dd>{move || if locale == Locale::en { pickup.address_en.clone() } else { pickup.address_zh.clone() }}</dd>
                }
            })}
        </ReviewSection>
        <ConfirmForm locale=locale order_number=context.bill.order_number.clone()
            idempotency_key=context.idempotency_key.clone() />
    }
}

/// The confirm button, an island: pressed once, it stays disabled until the server answered,
/// so a double click cannot submit twice (the idempotency key guards the server as well).
#[island(lazy)]
fn ConfirmForm(locale: Locale, order_number: String, idempotency_key: String) -> impl IntoView {
    crate::islands::provide_island_context(locale);
    let confirm = crate::islands::Post::<()>::new(ConfirmApplication::url());
    let pending = confirm.pending();
    let confirm_error = move || match confirm.answer().get() {
        Some(Err(AppError::Validation(_))) => Some(td_string!(locale, apply.review_errors).to_string()),
        Some(Err(_)) => Some(td_string!(locale, error_page.body).to_string()),
        _ => None,
    };
    let back = Step::Delivery.path(&order_number);
    view! {
        <form action=ConfirmApplication::url() method="post" class="confirm-form" on:submit=confirm.on_submit()>
            <input type="hidden" name="order_number" value=order_number />
            <input type="hidden" name="idempotency_key" value=idempotency_key />
            {move || confirm_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="form-nav">
                <button type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { td_string!(locale, apply.confirming) } else { td_string!(locale, apply.confirm) }}
                </button>
                <a class="button secondary" href=back>{td!(locale, apply.back)}</a>
            </div>
        </form>
    }
}

/// One section of the review: the step's name, an edit link, the details.
#[component]
fn ReviewSection(step: Step, order_number: String, children: Children) -> impl IntoView {
    let locale = use_locale();
    let heading_id = format!("review-{}", step.number());
    let labelled_by = heading_id.clone();
    view! {
        <section class="review-section" aria-labelledby=labelled_by>
            <div class="review-heading">
                <h2 id=heading_id>{move || step_name(locale, step)}</h2>
                <a href=step.path(&order_number)>
                    {td!(locale, apply.edit)}<span class="visually-hidden">" " {move || step_name(locale, step)}</span>
                </a>
            </div>
            <dl class="details">{children()}</dl>
        </section>
    }
}

/// The label of a form field, for the list of problems on the review.
fn field_label(field: String) -> fn(Locale) -> &'static str {
    match field.as_str() {
        "buyer_type" => |l| td_string!(l, apply.buyer_type_legend),
        "fapiao_type" => |l| td_string!(l, apply.type_legend),
        "medium" => |l| td_string!(l, apply.medium_legend),
        "title" => |l| td_string!(l, apply.title_label),
        "taxpayer_id" => |l| td_string!(l, apply.taxpayer_id),
        "registered_address" => |l| td_string!(l, apply.registered_address),
        "registered_phone" => |l| td_string!(l, apply.registered_phone),
        "bank_name" => |l| td_string!(l, apply.bank_name),
        "bank_account" => |l| td_string!(l, apply.bank_account),
        "remark" => |l| td_string!(l, apply.remark),
        "delivery_method" => |l| td_string!(l, apply.delivery_legend),
        "recipient" => |l| td_string!(l, apply.recipient),
        "mobile" => |l| td_string!(l, apply.mobile),
        "province" => |l| td_string!(l, apply.province),
        "city" => |l| td_string!(l, apply.city),
        "district" => |l| td_string!(l, apply.district),
        "street" => |l| td_string!(l, apply.street),
        "postal_code" => |l| td_string!(l, apply.postal_code),
        "delivery_emails" => |l| td_string!(l, apply.emails),
        _ => |l| td_string!(l, apply.not_set),
    }
}
