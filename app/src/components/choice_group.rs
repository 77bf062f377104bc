use crate::domain::ValidationError;
use crate::i18n::*;
use crate::ui::{use_locale, validation_message};
use leptos::prelude::*;

/// One option of a `ChoiceGroup`: its value, label and an optional hint under the label.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: &'static str,
    pub label: Signal<String>,
    pub hint: Option<Signal<String>>,
}

/// Radio buttons in a fieldset with a legend, the error under them. `selected` follows the
/// customer's choice, so other parts of the form can react to it.
#[component]
pub fn ChoiceGroup(
    id: &'static str,
    name: &'static str,
    #[prop(into)] legend: Signal<String>,
    choices: Vec<Choice>,
    selected: RwSignal<String>,
    #[prop(into)] error: Signal<Option<ValidationError>>,
) -> impl IntoView {
    let locale = use_locale();
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    // The server's message is about the choice it saw: a new choice clears it until the
    // server answers again.
    let answered_choice = RwSignal::new(selected.get_untracked());
    Effect::new(move |_| {
        error.track();
        answered_choice.set(selected.get_untracked());
    });
    let error = Signal::derive(move || error.get().filter(|_| selected.get() == answered_choice.get()));
    view! {
        <fieldset class="field choice-group" class:field-invalid=move || error.get().is_some()
            aria-describedby=described_by>
            <legend>{legend}</legend>
            {choices.into_iter().map(|choice| {
                let input_id = format!("{id}-{}", choice.value);
                let hint_id = format!("{input_id}-hint");
                let value = choice.value;
                view! {
                    <div class="choice">
                        <input type="radio" id=input_id.clone() name=name value=value
                            checked=move || selected.get() == value
                            aria-describedby=choice.hint.is_some().then(|| hint_id.clone())
                            on:change=move |_| selected.set(value.to_owned()) />
                        <label for=input_id>{choice.label}</label>
                        {choice.hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
                    </div>
                }
            }).collect_view()}
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get().map(|e| validation_message(locale, &e))}
            </p>
        </fieldset>
    }
}

/// A labelled `<select>` with its error. `options` are `(value, label)` pairs and may change
/// (cascading selects); the first, empty option reads "choose".
#[component]
pub fn SelectField(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    selected: RwSignal<String>,
    #[prop(into)] error: Signal<Option<ValidationError>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] on_pick: Option<Callback<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            <select id=id name=name autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    selected.set(value.clone());
                    if let Some(on_pick) = on_pick {
                        on_pick.run(value);
                    }
                }>
                <option value="">{td_string!(locale, apply.choose)}</option>
                {move || options.get().into_iter().map(|(value, text)| {
                    let is_selected = selected.get_untracked() == value;
                    view! { <option value=value selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get().map(|e| validation_message(locale, &e))}
            </p>
        </div>
    }
}

/// A checkbox with its label after it. Sends `true` when ticked, nothing when not.
#[component]
pub fn CheckboxField(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    checked: bool,
) -> impl IntoView {
    view! {
        <div class="field checkbox">
            <input type="checkbox" id=id name=name value="true" checked=checked />
            <label for=id>{label}</label>
        </div>
    }
}
