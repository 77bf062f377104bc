//! `/dev/gallery`: every shared component in its states, for the product team and for the
//! screenshot suite (end2end/tests/gallery.spec.ts photographs each specimen in both languages
//! at phone and desktop width). Adding a component means adding a line to `specimens()`.
//!
//! Server components and islands alike: the `island-…` specimens are the real islands of the
//! product, so the page loads the Wasm bundle and they answer as on their own page (a field is
//! checked as it is left, the region picker fills its lists).

use crate::applications::SavedTitle;
use crate::applications::form::ApplicationForm;
use crate::applications::steps::Step;
use crate::bills::{Bill, BillPage, FapiaoProgress};
use crate::components::{
    AnnouncementBanner, CheckboxField, Choice, ChoiceGroup, LoadError, Loading, MaintenanceNotice, ProgressBadge,
    SelectField, StatusBadge, StepIndicator, TextField,
};
use crate::dev_tools::dev_tools_enabled;
use crate::domain::{ApplicationStatus, Fen, TaxRate, TaxedAmount, ValidationError};
use crate::error::AppError;
use crate::i18n::*;
use crate::site::{Announcement, AnnouncementKind, Maintenance};
use crate::ui::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;

/// A named example of a component in one state.
type Specimen = (&'static str, fn() -> AnyView);

/// The gallery, in order. One line per specimen.
fn specimens() -> Vec<Specimen> {
    vec![
        ("text-field-empty", || text_field(None, None)),
        ("text-field-filled", || text_field(Some("蓝云科技（上海）有限公司"), None)),
        ("text-field-error", || text_field(Some(""), Some(ValidationError::Required))),
        ("text-field-error-long", || text_field(Some("𠀀"), Some(ValidationError::NotGbk('𠀀')))),
        ("choice-group", || choice_group(None)),
        ("choice-group-error", || choice_group(Some(ValidationError::UnknownValue))),
        ("select-field", || select_field(None)),
        ("select-field-error", || select_field(Some(ValidationError::NotOffered))),
        ("checkbox-field", || {
            view! { <CheckboxField id="g-check" name="g-check" label="保存为常用抬头" checked=true /> }.into_any()
        }),
        ("buttons", buttons),
        ("step-1", || step(Step::Type)),
        ("step-2", || step(Step::Title)),
        ("step-3", || step(Step::Delivery)),
        ("step-4", || step(Step::Review)),
        ("status-badges", status_badges),
        ("progress-badges", progress_badges),
        ("announcement-notice", || announcement(AnnouncementKind::Notice)),
        ("announcement-stock-shortage", || announcement(AnnouncementKind::StockShortage)),
        ("maintenance", || {
            view! { <MaintenanceNotice maintenance=Maintenance { expected_end: Some("2026-12-01 06:00".into()), ..Default::default() } /> }.into_any()
        }),
        ("loading", || view! { <Loading /> }.into_any()),
        ("load-error", || view! { <LoadError error=AppError::Internal /> }.into_any()),
        ("bills-table-0", || bills_table(0)),
        ("bills-table-1", || bills_table(1)),
        ("bills-table-many", || bills_table(12)),
        ("island-register-form", || {
            view! { <super::register::RegisterForm locale=use_locale() order=String::new() claim=String::new() /> }
                .into_any()
        }),
        ("island-title-step", title_step_island),
    ]
}

#[component]
pub fn GalleryPage() -> impl IntoView {
    let allowed = Resource::new_blocking(|| (), |_| dev_tools_enabled());
    view! {
        <Title text="Component gallery · 组件库" />
        <Suspense>
            {move || Suspend::new(async move {
                match allowed.await {
                    Ok(()) => view! { <Gallery /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Gallery() -> impl IntoView {
    view! {
        <section class="panel wide">
            <h1>"Component gallery · 组件库"</h1>
            <nav aria-label="Specimens">
                <ul class="gallery-index">
                    {specimens().into_iter().map(|(name, _)| view! { <li><a href=format!("#{name}")>{name}</a></li> }).collect_view()}
                </ul>
            </nav>
        </section>
        {specimens().into_iter().map(|(name, render)| view! {
            <section class="panel wide specimen" id=name data-specimen=name aria-labelledby=format!("{name}-heading")>
                <h2 id=format!("{name}-heading") class="specimen-name">{name}</h2>
                {render()}
            </section>
        }).collect_view()}
    }
}

fn text_field(value: Option<&'static str>, error: Option<ValidationError>) -> AnyView {
    let id = match (&value, &error) {
        (None, _) => "g-text-empty",
        (Some(_), None) => "g-text-filled",
        (Some(_), Some(_)) => "g-text-error",
    };
    let hint = Signal::derive(move || td_string!(use_locale(), apply.title_hint_general).to_owned());
    view! {
        <TextField id name="title" label=Signal::derive(|| td_string!(use_locale(), apply.title_label).to_owned())
            value=value.unwrap_or_default().to_owned() hint maxlength=100 autocomplete="organization"
            server_error=Signal::stored(error) />
    }
    .into_any()
}

fn choice_group(error: Option<ValidationError>) -> AnyView {
    let locale = use_locale();
    let choices = vec![
        Choice {
            value: "general",
            label: Signal::derive(move || td_string!(locale, labels.fapiao_type.general).to_owned()),
            hint: None,
        },
        Choice {
            value: "special",
            label: Signal::derive(move || td_string!(locale, labels.fapiao_type.special).to_owned()),
            hint: None,
        },
    ];
    let id = if error.is_some() { "g-choice-error" } else { "g-choice" };
    view! {
        <ChoiceGroup id name=id legend=Signal::derive(move || td_string!(locale, apply.type_legend).to_owned())
            choices selected=RwSignal::new(if error.is_some() { String::new() } else { "general".into() })
            error=Signal::stored(error) />
    }
    .into_any()
}

fn select_field(error: Option<ValidationError>) -> AnyView {
    let options = vec![("31".to_owned(), "上海市".to_owned()), ("11".to_owned(), "北京市".to_owned())];
    let id = if error.is_some() { "g-select-error" } else { "g-select" };
    view! {
        <SelectField id name=id label=Signal::derive(|| td_string!(use_locale(), apply.province).to_owned())
            options=Signal::stored(options) selected=RwSignal::new(if error.is_some() { String::new() } else { "31".into() })
            error=Signal::stored(error) />
    }
    .into_any()
}

fn buttons() -> AnyView {
    view! {
        <p class="actions">
            <button type="button">"主要按钮 Primary"</button>
            <button type="button" class="secondary">"次要按钮 Secondary"</button>
            <button type="button" class="danger">"危险操作 Danger"</button>
            <button type="button" class="small secondary">"小按钮 Small"</button>
            <button type="button" disabled=true>"处理中… Busy"</button>
            <a class="button" href="#buttons">"链接按钮 Link"</a>
        </p>
    }
    .into_any()
}

fn step(current: Step) -> AnyView {
    view! { <StepIndicator current order_number="MO-20261001-01".to_owned() /> }.into_any()
}

fn status_badges() -> AnyView {
    view! { <p class="badges">{ApplicationStatus::ALL.iter().map(|status| view! { <StatusBadge status=*status /> " " }).collect_view()}</p> }
        .into_any()
}

fn progress_badges() -> AnyView {
    let all = [
        FapiaoProgress::NotApplied,
        FapiaoProgress::Draft,
        FapiaoProgress::Applied(ApplicationStatus::Issued),
        FapiaoProgress::Refunded,
    ];
    view! { <p class="badges">{all.into_iter().map(|progress| view! { <ProgressBadge progress /> " " }).collect_view()}</p> }.into_any()
}

fn announcement(kind: AnnouncementKind) -> AnyView {
    let announcement = Announcement {
        id: 1,
        kind,
        title_zh: "春节期间服务安排".into(),
        title_en: "Service during the Spring Festival".into(),
        body_zh: "2 月 14 日至 2 月 22 日暂停开具纸质发票。".into(),
        body_en: "Paper fapiao are not issued from 14 to 22 February.".into(),
        expected_mailing_date: (kind == AnnouncementKind::StockShortage).then(|| "2026-12-15".into()),
    };
    view! { <AnnouncementBanner announcements=vec![announcement] /> }.into_any()
}

fn bills_table(rows: usize) -> AnyView {
    let bills: Vec<Bill> = (0..rows).map(demo_bill).collect();
    let found = BillPage { total: rows as u64, pages: 1, page: 1, bills, selection: Default::default() };
    view! { <super::bills::BillTable found query=String::new() per_page=20 /> }.into_any()
}

/// The title step's island with an enterprise's 普通发票 chosen in step 1.
fn title_step_island() -> AnyView {
    let form = ApplicationForm {
        buyer_type: "enterprise".into(),
        fapiao_type: "general".into(),
        medium: "electronic".into(),
        ..Default::default()
    };
    let saved_titles = super::apply::title_entries(vec![SavedTitle {
        id: 1,
        title: "蓝云科技（上海）有限公司".into(),
        taxpayer_id: Some("91330106673959654P".into()),
    }]);
    let order_number = demo_bill(0).order_number;
    let payer_name = demo_bill(0).payer_name;
    view! { <super::apply::TitleStepForm locale=use_locale() order_number payer_name form=form.to_fields() saved_titles /> }
        .into_any()
}

/// The `i`-th bill of the specimens.
fn demo_bill(i: usize) -> Bill {
    let statuses = [
        FapiaoProgress::NotApplied,
        FapiaoProgress::Draft,
        FapiaoProgress::Applied(ApplicationStatus::Submitted),
        FapiaoProgress::Refunded,
    ];
    let taxed =
        TaxedAmount::from_total(Fen::new((1 + i as i64) * 100_000 + (i as i64 * 137) % 1000 * 100), TaxRate::default());
    Bill {
        order_number: format!("MO-20261001-{:02}", i + 1),
        product: "Microsoft 365 E3".into(),
        amount: taxed.total.to_string(),
        tax_rate: taxed.rate.to_string(),
        tax: taxed.tax.to_string(),
        paid_at: format!("2026-10-{:02} 10:00", i + 1),
        payer_name: "蓝云科技（上海）有限公司".into(),
        progress: statuses[i % statuses.len()],
        application_number: matches!(statuses[i % statuses.len()], FapiaoProgress::Applied(_))
            .then(|| format!("FP20261001{:08}", i + 1)),
        selected: false,
        amount_fen: taxed.total.fen(),
        split_by_customer: false,
    }
}
