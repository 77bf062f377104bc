use crate::admin::calendar::{AddCalendarDays, CalendarYear, load_calendar};
use crate::components::{LoadError, Loading, server_field_error};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin/calendar`: one year's public holidays and adjusted working days, and a box to add
/// next year's.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let year = move || query.read().get("year").and_then(|y| y.parse::<i32>().ok());
    let add = ServerAction::<AddCalendarDays>::new();
    let calendar = Resource::new_blocking(move || (year(), add.version().get()), |(year, _)| load_calendar(year));
    view! {
        <PageTitle text=td_string!(locale, calendar.title) />
        <section class="panel wide">
            <h1>{td!(locale, calendar.title)}</h1>
            <p class="hint">{td!(locale, calendar.intro)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match calendar.await {
                        Ok(calendar) => view! { <CalendarView calendar /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <AddDays add />
    }
}

#[component]
fn CalendarView(calendar: CalendarYear) -> impl IntoView {
    let locale = use_locale();
    let mut years = calendar.years.clone();
    let next = years.last().copied().unwrap_or(calendar.year) + 1;
    years.push(next);
    let holidays = calendar.days.iter().filter(|d| d.kind == crate::domain::CalendarDayKind::Holiday).count();
    let workdays = calendar.days.len() - holidays;
    let current = calendar.year;
    view! {
        <form class="filters" method="get" action="/admin/calendar">
            <div class="field">
                <label for="calendar-year">{td!(locale, calendar.year)}</label>
                <select id="calendar-year" name="year">
                    {years.into_iter().map(|y| view! { <option value=y selected=y == current>{y}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit">{td!(locale, calendar.show)}</button>
        </form>
        <h2>{current}</h2>
        {if calendar.days.is_empty() {
            view! { <p class="empty">{td!(locale, calendar.empty)}</p> }.into_any()
        } else {
            view! {
                <p class="hint">{td!(locale, calendar.count, holidays, workdays)}</p>
                <div class="table-wrap">
                    <table class="data-table">
                        <caption class="visually-hidden">{td!(locale, calendar.title)} " " {current}</caption>
                        <thead><tr>
                            <th scope="col">{td!(locale, calendar.date)}</th>
                            <th scope="col">{td!(locale, calendar.kind)}</th>
                            <th scope="col">{td!(locale, calendar.name)}</th>
                        </tr></thead>
                        <tbody>
                            {calendar.days.into_iter().map(|day| {
                                let holiday = day.kind == crate::domain::CalendarDayKind::Holiday;
                                view! {
                                    <tr>
                                        <th scope="row" data-label=td_string!(locale, calendar.date)>{day.date.clone()}</th>
                                        <td data-label=td_string!(locale, calendar.kind)>
                                            {if holiday { td!(locale, calendar.holiday).into_any() } else { td!(locale, calendar.workday).into_any() }}
                                        </td>
                                        <td data-label=td_string!(locale, calendar.name)>{day.name.clone()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn AddDays(add: ServerAction<AddCalendarDays>) -> impl IntoView {
    let locale = use_locale();
    let error = move || server_field_error(add, "days").get().map(|e| crate::ui::validation_message(locale, &e));
    // Only admins change this; staff see why the form is not there.
    let not_admin = !crate::auth::use_is_admin();
    // A form posted as a page comes back with `?added={count}`.
    let added_by_form =
        leptos_router::hooks::use_query_map().read_untracked().get("added").and_then(|n| n.parse().ok());
    let saved = move || match add.value().get().or(added_by_form.map(Ok)) {
        Some(Ok(count)) => Some(td_string!(locale, calendar.added, count).to_string()),
        _ => None,
    };
    view! {
        <section class="panel wide" aria-labelledby="calendar-add-heading">
            <h2 id="calendar-add-heading">{td!(locale, calendar.add_heading)}</h2>
            {not_admin.then(|| view! { <p class="hint">{td!(locale, admin.admin_only)}</p> })}
            <ActionForm action=add attr:hidden=not_admin>
                <div class="field">
                    <label for="calendar-days">{td!(locale, calendar.days_label)}</label>
                    <p class="hint" id="calendar-days-hint">{td!(locale, calendar.add_hint)}</p>
                    <textarea id="calendar-days" name="days" rows="8" maxlength="20000" aria-describedby="calendar-days-hint calendar-days-error"
                        aria-invalid=move || error().is_some().then_some("true")></textarea>
                    <p class="field-error" id="calendar-days-error" aria-live="polite">{error}</p>
                </div>
                <button type="submit">{td!(locale, calendar.add)}</button>
                <p role="status" class="hint">{saved}</p>
            </ActionForm>
        </section>
    }
}
