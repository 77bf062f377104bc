use crate::bills::{Bill, BillPage, FapiaoProgress, LinkOrder, SelectBills, list_bills};
use crate::components::{LoadError, Loading, ProgressBadge, TextField, checks, server_field_error};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/bills?q=…&page=…`: the customer's bills, newest first, searchable by order number, with
/// where each fapiao stands and what to do next.
#[component]
pub fn BillsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok()).unwrap_or(1);
    let per_page = move || crate::bills::page_size(query.read().get("per").and_then(|p| p.parse().ok()));
    let link = ServerAction::<LinkOrder>::new();
    let bills = Resource::new_blocking(
        move || (page(), search(), per_page(), link.version().get()),
        |(page, q, per, _)| list_bills(page, q, Some(per)),
    );
    let linked = move || query.read().get("linked");
    let requested = move || query.read().get("requested");

    view! {
        <PageTitle text=td_string!(locale, bills.title) />
        <section class="panel wide">
            <h1>{td!(locale, bills.title)}</h1>
            <p class="lead">{td!(locale, bills.lead)}</p>
            <p class="notice">{td!(locale, bills.delay_notice)}</p>
            {move || linked().map(|order| view! { <p class="notice" role="status">{td!(locale, bills.linked, order)}</p> })}
            {move || requested().map(|order| view! { <p class="notice" role="status">{td!(locale, bills.requested, order)}</p> })}
            <crate::pages::WaitingForAccess />
            <form class="search-form" method="get" action="/bills" role="search">
                <div class="field">
                    <label for="bills-search">{td!(locale, bills.search_label)}</label>
                    <input id="bills-search" name="q" type="search" autocomplete="off" maxlength="40" value=search() />
                </div>
                <div class="field">
                    <label for="bills-per-page">{td!(locale, bills.per_page)}</label>
                    <select id="bills-per-page" name="per">
                        {crate::bills::PAGE_SIZES.map(|n| view! { <option value=n selected=move || per_page() == n>{n}</option> })}
                    </select>
                </div>
                <button type="submit">{td!(locale, bills.search_submit)}</button>
            </form>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match bills.await {
                        Ok(found) => view! { <BillTable found query=search() per_page=per_page() /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="panel narrow" aria-labelledby="link-heading">
            <h2 id="link-heading">{td!(locale, bills.link_heading)}</h2>
            <p class="hint">{td!(locale, bills.link_lead)}</p>
            <ActionForm action=link>
                <TextField id="link-order" name="order_number" autocomplete="off" maxlength=40
                    label=Signal::derive(move || td_string!(locale, bills.link_order_number).to_owned())
                    server_error=server_field_error(link, "order_number") check=checks::order_number />
                {move || match link.value().get() {
                    Some(Ok(crate::bills::LinkOutcome::Attached)) => Some(view! {
                        <p class="notice" role="status">{td!(locale, bills.linked, order = String::new())}</p>
                    }.into_any()),
                    Some(Ok(crate::bills::LinkOutcome::Requested)) => Some(view! {
                        <p class="notice" role="status">{td!(locale, bills.requested, order = String::new())}</p>
                    }.into_any()),
                    _ => None,
                }}
                <button type="submit">{td!(locale, bills.link_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub(crate) fn BillTable(found: BillPage, query: String, per_page: u64) -> impl IntoView {
    let locale = use_locale();
    if found.bills.is_empty() {
        return if query.is_empty() {
            view! { <p class="empty">{td!(locale, bills.empty)}</p> }.into_any()
        } else {
            view! {
                <p class="empty">{td!(locale, bills.empty_search, query = query.clone())}</p>
                <p><a href="/bills">{td!(locale, bills.search_clear)}</a></p>
            }
            .into_any()
        };
    }
    let page_link = {
        let query = query.clone();
        move |page: u64| {
            let q = if query.is_empty() { String::new() } else { format!("&q={}", crate::urls::urlencode(&query)) };
            let per = if per_page == crate::bills::PAGE_SIZES[0] { String::new() } else { format!("&per={per_page}") };
            format!("/bills?page={page}{q}{per}")
        }
    };
    let (page, pages, total) = (found.page, found.pages, found.total);
    let select = ServerAction::<SelectBills>::new();
    let selection_error = server_field_error(select, crate::bills::SELECTION_FIELD);
    let selection = found.selection.clone();
    // What the other pages hold, so the running total (`data-running-total`, kept live by the
    // page script) adds this page's ticks to it.
    let on_page: Vec<&Bill> = found.bills.iter().filter(|b| b.selected).collect();
    let base_count = selection.count.saturating_sub(on_page.len() as u64);
    let base_fen = selection.total_fen - on_page.iter().map(|b| b.amount_fen).sum::<i64>();
    let any_selectable = found.bills.iter().any(|b| b.progress.can_apply());
    let total_text = crate::domain::Fen::new(selection.total_fen).to_string();
    // This page is rendered once, on the server: the language is chosen once for all rows.
    let labels = ColumnLabels::of(locale);
    view! {
        <p class="hint">{td!(locale, bills.count, total)}</p>
        {crate::ui::done_by_form("selection_kept").then(|| view! { <p class="notice" role="status">{td!(locale, bills.selection_kept)}</p> })}
        {crate::ui::done_by_form("selection_cleared").then(|| view! { <p class="notice" role="status">{td!(locale, bills.selection_cleared)}</p> })}
        <ActionForm action=select attr:class="bill-selection" attr:data-running-total="" attr:data-base-count=base_count attr:data-base-fen=base_fen>
            {any_selectable.then(|| view! {
                <div class="selection-bar">
                    <p role="status" aria-live="polite" data-selection-status=""
                        data-template=move || td_string!(locale, bills.selection_status, count = "{count}", total = "{total}").to_string()>
                        {td!(locale, bills.selection_status, count = selection.count, total = total_text.clone())}
                    </p>
                    <p class="hint">{td!(locale, bills.selection_hint)}</p>
                    {move || selection_error.get().map(|e| view! {
                        <p class="form-error" role="alert">{crate::ui::validation_message(locale, &e)}</p>
                    })}
                    <div class="actions">
                        <button type="submit" name="then" value="apply">{td!(locale, bills.apply_selected)}</button>
                        <button type="submit" name="then" value="keep" class="secondary">{td!(locale, bills.keep_selection)}</button>
                        <button type="submit" name="then" value="page" class="secondary">{td!(locale, bills.select_page)}</button>
                        {(selection.count > 0).then(|| view! {
                            <button type="submit" name="then" value="clear" class="secondary">{td!(locale, bills.clear_selection)}</button>
                        })}
                    </div>
                </div>
            })}
            <div class="table-wrap">
                <table class="data-table bills-table">
                    <caption class="visually-hidden">{td!(locale, bills.caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="select-cell">{td!(locale, bills.select_column)}</th>
                            <th scope="col">{td!(locale, bills.order_number)}</th>
                            <th scope="col">{td!(locale, bills.product)}</th>
                            <th scope="col" class="numeric">{td!(locale, bills.total_with_tax)}</th>
                            <th scope="col">{td!(locale, bills.paid_at)}</th>
                            <th scope="col">{td!(locale, bills.payer)}</th>
                            <th scope="col">{td!(locale, bills.fapiao_status)}</th>
                            <th scope="col">{td!(locale, bills.actions)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {found.bills.into_iter().enumerate().map(|(index, bill)| view! { <BillRow bill index locale labels /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </ActionForm>
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=td_string!(locale, bills.pagination)>
                {(page > 1).then(|| view! { <a href=page_link(page - 1) rel="prev">{td!(locale, bills.previous)}</a> })}
                <span aria-current="page">{td!(locale, bills.page, page, pages)}</span>
                {(page < pages).then(|| view! { <a href=page_link(page + 1) rel="next">{td!(locale, bills.next)}</a> })}
            </nav>
        })}
    }
    .into_any()
}

/// The column names a row repeats for the phone layout (`data-label`), looked up once per table.
#[derive(Clone, Copy)]
struct ColumnLabels {
    select: &'static str,
    order_number: &'static str,
    product: &'static str,
    total_with_tax: &'static str,
    paid_at: &'static str,
    payer: &'static str,
    fapiao_status: &'static str,
    actions: &'static str,
}

impl ColumnLabels {
    fn of(locale: Locale) -> Self {
        Self {
            select: td_string!(locale, bills.select_column),
            order_number: td_string!(locale, bills.order_number),
            product: td_string!(locale, bills.product),
            total_with_tax: td_string!(locale, bills.total_with_tax),
            paid_at: td_string!(locale, bills.paid_at),
            payer: td_string!(locale, bills.payer),
            fapiao_status: td_string!(locale, bills.fapiao_status),
            actions: td_string!(locale, bills.actions),
        }
    }
}

/// One bill. Server-rendered only (the page has no island), so it is written with plain
/// values, not reactive closures: 50 rows render in one pass without a closure per cell.
#[component]
fn BillRow(bill: Bill, index: usize, locale: Locale, labels: ColumnLabels) -> impl IntoView {
    let action = next_action(&bill);
    let Bill {
        order_number, product, amount, tax_rate, tax, paid_at, payer_name, progress, selected, amount_fen, ..
    } = bill;
    let detail = crate::urls::bill(&order_number);
    let checkbox = progress.can_apply().then(|| {
        let label = td_string!(locale, bills.select_bill, order = &order_number).to_string();
        view! {
            <input type="checkbox" name=format!("chosen[{index}]") value=order_number.clone()
                checked=selected data-fen=amount_fen aria-label=label />
        }
    });
    let next = action.map(|(href, label)| {
        view! {
            <a class="button small" href=href>
                {label(locale)}
                <span class="visually-hidden">" " {order_number.clone()}</span>
            </a>
        }
    });
    view! {
        <tr>
            <td class="select-cell" data-label=labels.select>
                <input type="hidden" name=format!("shown[{index}]") value=order_number.clone() />
                {checkbox}
            </td>
            <th scope="row" data-label=labels.order_number><a href=detail>{order_number}</a></th>
            <td data-label=labels.product>{product}</td>
            <td class="numeric" data-label=labels.total_with_tax>
                {amount}
                <span class="amount-tax">{td!(locale, bills.tax_line, rate = tax_rate, tax = tax)}</span>
            </td>
            <td data-label=labels.paid_at>{paid_at}</td>
            <td data-label=labels.payer>{payer_name}</td>
            <td data-label=labels.fapiao_status><ProgressBadge progress /></td>
            <td data-label=labels.actions>{next}</td>
        </tr>
    }
}

/// A translated text, chosen now and rendered in whatever language is current.
pub type Text = fn(Locale) -> &'static str;

/// The one thing to do next with a bill, as a link: apply, continue the draft, or follow the
/// application.
pub fn next_action(bill: &Bill) -> Option<(String, Text)> {
    let apply = crate::urls::apply(&bill.order_number);
    match bill.progress {
        FapiaoProgress::Draft => Some((apply, |l| td_string!(l, bills.continue_draft))),
        progress if progress.can_apply() => Some((apply, |l| td_string!(l, bills.apply))),
        FapiaoProgress::Applied(_) => bill
            .application_number
            .as_ref()
            .map(|n| (crate::urls::application(n), (|l| td_string!(l, bills.view_application)) as Text)),
        _ => None,
    }
}
