use super::frame::{StepForm, field_error, label, step_save};
use crate::applications::steps::Step;
use crate::components::{Choice, ChoiceGroup};
use crate::domain::{BuyerType, FapiaoType, Medium};
use crate::i18n::*;
use crate::islands::Post;
use crate::labels::{buyer_type_label, fapiao_type_label, medium_label};
use crate::ui::use_locale;
use leptos::prelude::*;

/// Step 1's form, an island of its own.
/// Its props are what it shows: the order and the three choices of the draft (README,
/// "Light pages": every prop is deserialised by code in the island's Wasm).
#[island(lazy)]
pub fn TypeStepForm(
    locale: Locale,
    order_number: String,
    buyer_type: String,
    fapiao_type: String,
    medium: String,
) -> impl IntoView {
    crate::islands::provide_island_context(locale);
    let chosen = Chosen { buyer_type, fapiao_type, medium };
    view! { <TypeStep order_number chosen save=step_save() /> }
}

/// What the draft has chosen on this step.
struct Chosen {
    buyer_type: String,
    fapiao_type: String,
    medium: String,
}

/// Step 1: the buyer type first (it decides what follows), then 普通发票 or 增值税专用发票,
/// then 数电 or paper.
#[component]
fn TypeStep(order_number: String, chosen: Chosen, save: Post<String>) -> impl IntoView {
    let locale = use_locale();
    let buyer_type = RwSignal::new(chosen.buyer_type);
    let buyer_hint = |locale: Locale, b: BuyerType| match b {
        BuyerType::Enterprise => td_string!(locale, apply.buyer_hint_enterprise),
        BuyerType::NonEnterpriseUnit => td_string!(locale, apply.buyer_hint_non_enterprise_unit),
        BuyerType::Individual => td_string!(locale, apply.buyer_hint_individual),
    };
    let buyers = BuyerType::ALL
        .iter()
        .map(|&b| Choice {
            value: b.code(),
            label: Signal::derive(move || buyer_type_label(locale, b).to_owned()),
            hint: Some(Signal::derive(move || buyer_hint(locale, b).to_owned())),
        })
        .collect();
    let fapiao_type = RwSignal::new(chosen.fapiao_type);
    let medium = RwSignal::new(chosen.medium);
    let type_hint = |locale: Locale, t: FapiaoType| match t {
        FapiaoType::General => td_string!(locale, apply.type_hint_general),
        FapiaoType::Special => td_string!(locale, apply.type_hint_special),
    };
    let medium_hint = |locale: Locale, m: Medium| match m {
        Medium::Electronic => td_string!(locale, apply.medium_hint_electronic),
        Medium::Paper => td_string!(locale, apply.medium_hint_paper),
    };
    let types = FapiaoType::ALL
        .iter()
        .map(|&t| Choice {
            value: t.code(),
            label: Signal::derive(move || fapiao_type_label(locale, t).to_owned()),
            hint: Some(Signal::derive(move || type_hint(locale, t).to_owned())),
        })
        .collect();
    let media = Medium::ALL
        .iter()
        .map(|&m| Choice {
            value: m.code(),
            label: Signal::derive(move || medium_label(locale, m).to_owned()),
            hint: Some(Signal::derive(move || medium_hint(locale, m).to_owned())),
        })
        .collect();
    view! {
        <StepForm order_number step=Step::Type save>
            <ChoiceGroup id="apply-buyer-type" name="form[buyer_type]" legend=label(locale, |l| td_string!(l, apply.buyer_type_legend))
                choices=buyers selected=buyer_type error=field_error(save, "buyer_type") />
            <ChoiceGroup id="apply-type" name="form[fapiao_type]" legend=label(locale, |l| td_string!(l, apply.type_legend))
                choices=types selected=fapiao_type error=field_error(save, "fapiao_type") />
            <ChoiceGroup id="apply-medium" name="form[medium]" legend=label(locale, |l| td_string!(l, apply.medium_legend))
                choices=media selected=medium error=field_error(save, "medium") />
            <p class="hint">{td!(locale, apply.one_title_rule)} " " <a href="/support?kind=split">{td!(locale, bill.split_link)}</a></p>
        </StepForm>
    }
}
