//! The top of `/admin`: the service center at a glance (see `admin::dashboard`). A server
//! component: the figures, and charts as SVG drawn on the server — readable without
//! JavaScript, each with a text alternative (`<title>`/`<desc>`) and its data as a table.

use crate::admin::dashboard::{Dashboard, DayCount, load_dashboard};
use crate::i18n::*;
use crate::ui::use_locale;
use leptos::prelude::*;

#[component]
pub fn DashboardPanel() -> impl IntoView {
    let locale = use_locale();
    let figures = Resource::new_blocking(|| (), |_| load_dashboard());
    view! {
        <section class="panel wide dashboard" aria-labelledby="dashboard-heading">
            <h2 id="dashboard-heading">{td!(locale, dashboard.heading)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match figures.await {
                        Ok(d) => view! { <Figures d=d.clone() /> <Charts d /> }.into_any(),
                        // The queue below says what went wrong; one message is enough.
                        Err(_) => view! { <p class="hint">{td!(locale, dashboard.unavailable)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Figures(d: Dashboard) -> impl IntoView {
    let locale = use_locale();
    let median = d
        .history
        .median_hours
        .map_or_else(|| "—".to_owned(), |h| td_string!(locale, dashboard.hours, hours = format!("{h:.1}")).to_string());
    let on_time = d.history.on_time_percent.map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
    let overdue_class = if d.overdue > 0 { "stat-alert" } else { "" };
    view! {
        <dl class="stats">
            <div><dt>{td!(locale, dashboard.open)}</dt><dd>{d.open}</dd></div>
            <div><dt>{td!(locale, dashboard.due_today)}</dt><dd>{d.due_today}</dd></div>
            <div class=overdue_class>
                <dt>{td!(locale, dashboard.overdue)}</dt>
                <dd>{d.overdue} {(d.overdue > 0).then(|| view! { " " <a class="small-link" href="/admin?overdue=true">{td!(locale, dashboard.show)}</a> })}</dd>
            </div>
            <div><dt>{td!(locale, dashboard.issued_30)}</dt><dd>{d.history.issued_total()}</dd></div>
            <div><dt>{td!(locale, dashboard.median)}</dt><dd>{median}</dd></div>
            <div><dt>{td!(locale, dashboard.on_time)}</dt><dd>{on_time}</dd></div>
        </dl>
        <p class="hint">{td!(locale, dashboard.promise)}</p>
    }
}

#[component]
fn Charts(d: Dashboard) -> impl IntoView {
    view! {
        <div class="charts">
            <IssuedChart days=d.history.issued_per_day.clone() />
            <OpenChart overdue=d.overdue today=d.due_today later=d.later() />
        </div>
    }
}

/// Bars of the fapiao issued each day, today last.
#[component]
fn IssuedChart(days: Vec<DayCount>) -> impl IntoView {
    let locale = use_locale();
    // Bars only in the SVG (stretched to the width); the axis labels are text below it, so
    // they keep their size on a phone.
    let (width, height) = (600.0_f64, 160.0_f64);
    let max = days.iter().map(|d| d.count).max().unwrap_or(0).max(1);
    let total: u64 = days.iter().map(|d| d.count).sum();
    let busiest = days.iter().max_by_key(|d| d.count).filter(|d| d.count > 0);
    let slot = width / days.len().max(1) as f64;
    let short = |date: &str| date.get(5..).unwrap_or(date).to_owned();
    let summary = match busiest {
        Some(b) => {
            td_string!(locale, dashboard.issued_desc, total = total, max = b.count, date = b.date.clone()).to_string()
        }
        None => td_string!(locale, dashboard.issued_none).to_string(),
    };
    let first = days.first().map(|d| short(&d.date)).unwrap_or_default();
    let middle = days.get(days.len() / 2).map(|d| short(&d.date)).unwrap_or_default();
    let last = days.last().map(|d| short(&d.date)).unwrap_or_default();
    let rows = days.clone();
    view! {
        <figure class="chart">
            <figcaption>{td!(locale, dashboard.issued_chart)}</figcaption>
            <div class="chart-scale" aria-hidden="true"><span>{max}</span></div>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby="issued-svg-title issued-svg-desc" preserveAspectRatio="none">
                <title id="issued-svg-title">{td!(locale, dashboard.issued_chart)}</title>
                <desc id="issued-svg-desc">{summary}</desc>
                {days.into_iter().enumerate().map(|(i, d)| {
                    let h = height * d.count as f64 / max as f64;
                    let x = slot * i as f64 + slot * 0.15;
                    view! {
                        <rect class="bar" x=format!("{x:.1}") y=format!("{:.1}", height - h) width=format!("{:.1}", slot * 0.7) height=format!("{h:.1}")>
                            <title>{format!("{}: {}", d.date, d.count)}</title>
                        </rect>
                    }
                }).collect_view()}
                <line class="axis" x1="0" y1=height x2=width y2=height vector-effect="non-scaling-stroke" />
            </svg>
            <div class="chart-axis" aria-hidden="true"><span>{first}</span><span>{middle}</span><span>{last}</span></div>
            <details>
                <summary>{td!(locale, dashboard.data)}</summary>
                <table class="chart-data">
                    <caption class="visually-hidden">{td!(locale, dashboard.issued_chart)}</caption>
                    <thead><tr><th scope="col">{td!(locale, dashboard.date)}</th><th scope="col">{td!(locale, dashboard.count)}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().rev().map(|d| view! { <tr><th scope="row">{d.date}</th><td>{d.count}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// The open applications by due time: overdue, due today, later — one bar of three parts.
#[component]
fn OpenChart(overdue: u64, today: u64, later: u64) -> impl IntoView {
    let locale = use_locale();
    let total = (overdue + today + later).max(1) as f64;
    let width = 600.0_f64;
    let parts = [
        ("overdue", overdue, td_string!(locale, dashboard.overdue)),
        ("today", today, td_string!(locale, dashboard.due_today)),
        ("later", later, td_string!(locale, dashboard.later)),
    ];
    let summary = td_string!(locale, dashboard.open_desc, overdue = overdue, today = today, later = later).to_string();
    let mut x = 0.0;
    let bars: Vec<_> = parts
        .iter()
        .map(|(class, n, label)| {
            let w = width * *n as f64 / total;
            let bar = (format!("segment {class}"), x, w, format!("{label}: {n}"));
            x += w;
            bar
        })
        .collect();
    view! {
        <figure class="chart">
            <figcaption>{td!(locale, dashboard.open_chart)}</figcaption>
            <svg viewBox=format!("0 0 {width} 40") role="img" aria-labelledby="open-svg-title open-svg-desc" preserveAspectRatio="none" class="bar-line">
                <title id="open-svg-title">{td!(locale, dashboard.open_chart)}</title>
                <desc id="open-svg-desc">{summary}</desc>
                <rect class="track" x="0" y="4" width=width height="32" />
                {bars.into_iter().map(|(class, x, w, text)| view! {
                    <rect class=class x=format!("{x:.1}") y="4" width=format!("{w:.1}") height="32"><title>{text}</title></rect>
                }).collect_view()}
            </svg>
            <ul class="legend">
                {parts.into_iter().map(|(class, n, label)| view! {
                    <li><span class=format!("swatch {class}") aria-hidden="true"></span>{label} " " <strong>{n}</strong></li>
                }).collect_view()}
            </ul>
        </figure>
    }
}
