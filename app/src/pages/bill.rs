use crate::bills::{FapiaoProgress, get_bill};
use crate::components::{LoadError, Loading, ProgressBadge, SplitBy, SplitForm};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/bills/{order}`: one bill, what can be done with it, and its PDF.
#[component]
pub fn BillDetailPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let order = move || params.read().get("order").unwrap_or_default();
    let bill = Resource::new_blocking(order, get_bill);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match bill.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(bill) => {
                        let number = bill.order_number.clone();
                        let title = move || td_string!(locale, bill.title, order = number.clone()).to_string();
                        let action = super::bills::next_action(&bill);
                        let pdf = crate::urls::bill_pdf(&bill.order_number);
                        let split = format!("/support?kind=split&order={}", bill.order_number);
                        view! {
                            <PageTitle text=title() />
                            <section class="panel">
                                <p><a href="/bills">{td!(locale, bill.back)}</a></p>
                                <h1>{title.clone()}</h1>
                                <dl class="details">
                                    <dt>{td!(locale, bills.order_number)}</dt><dd>{bill.order_number.clone()}</dd>
                                    <dt>{td!(locale, bills.product)}</dt><dd>{bill.product.clone()}</dd>
                                    <dt>{td!(locale, bills.total_with_tax)}</dt><dd>{bill.amount.clone()}</dd>
                                    <dt>{td!(locale, bills.tax_rate)}</dt><dd>{bill.tax_rate.clone()}</dd>
                                    <dt>{td!(locale, bills.tax_amount)}</dt><dd>{bill.tax.clone()}</dd>
                                    <dt>{td!(locale, bills.paid_at)}</dt><dd>{bill.paid_at.clone()}</dd>
                                    <dt>{td!(locale, bill.customer)}</dt><dd>{bill.payer_name.clone()}</dd>
                                    <dt>{td!(locale, bills.fapiao_status)}</dt><dd><ProgressBadge progress=bill.progress /></dd>
                                </dl>
                                {(bill.progress == FapiaoProgress::Refunded).then(|| view! { <p class="notice">{td!(locale, bill.refunded)}</p> })}
                                <p class="actions">
                                    {action.map(|(href, label)| view! {
                                        <a class="button" href=href>{move || label(locale)}</a>
                                    })}
                                    <a class="button secondary" href=pdf rel="external" download="">{td!(locale, bill.pdf)}</a>
                                </p>
                                {if bill.split_by_customer {
                                    view! {
                                        <p class="hint">{td!(locale, bill.split_self_hint)}</p>
                                        <SplitForm order=bill.order_number.clone() by=SplitBy::Customer />
                                    }.into_any()
                                } else {
                                    view! { <p class="hint">{td!(locale, bill.apply_hint)} " " <a href=split>{td!(locale, bill.split_link)}</a></p> }.into_any()
                                }}
                            </section>
                            <section class="panel" aria-labelledby="order-id-heading">
                                <h2 id="order-id-heading">{td!(locale, bill.order_id_heading)}</h2>
                                <p>{td!(locale, bill.order_id_answer)}</p>
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
