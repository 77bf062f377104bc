//! What every step's form shares: the frame (hidden fields, error summary, background save,
//! next and back), a field's server-side error, and a translated label.

use crate::applications::steps::Step;
use crate::applications::{SaveApplicationStep, SavedAddress, SavedTitle};
use crate::error::AppError;
use crate::i18n::*;
use crate::islands::Post;
use crate::ui::use_locale;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The frame of steps 1–3: the hidden fields, the error summary, next and back.
/// Generic over its children (no `AnyView`): a type-erased view would bring both of Leptos's
/// hydration paths into the island's Wasm.
#[component]
pub(super) fn StepForm<C: IntoView + 'static>(
    order_number: String,
    step: Step,
    save: Post<String>,
    children: TypedChildren<C>,
) -> impl IntoView {
    let children = children.into_inner();
    let locale = use_locale();
    let pending = save.pending();
    // Every change is saved in the background as well, so a lost connection or a closed tab
    // loses at most the field being typed.
    let autosave = Post::<String>::new(SaveApplicationStep::url());
    let autosaved = move || matches!(autosave.answer().get(), Some(Ok(_)));
    let on_change = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let form = event.current_target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
            let Some(data) = form.and_then(|form| leptos::web_sys::FormData::new_with_form(&form).ok()) else {
                return;
            };
            let _ = data.set_with_str("go", "autosave");
            if let Some(fields) = crate::islands::encode(&data) {
                autosave.send(fields);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let error_count = move || match save.answer().get() {
        Some(Err(AppError::Validation(errors))) => Some(errors.len()),
        _ => None,
    };
    let other_error = move || match save.answer().get() {
        Some(Err(AppError::Validation(_)) | Ok(_)) | None => false,
        Some(Err(_)) => true,
    };
    view! {
        <form action=SaveApplicationStep::url() method="post" class="step-form" novalidate=true
            on:submit=save.on_submit() on:change=on_change>
            <input type="hidden" name="order_number" value=order_number />
            <input type="hidden" name="step" value=step.number() />
            // Pressing Enter in a field submits with the first submit button of the form:
            // make that "next", whatever other buttons the step has.
            <button type="submit" name="go" value="next" hidden=true tabindex="-1">{td!(locale, apply.next)}</button>
            {move || error_count().map(|count| view! {
                <p class="form-error" role="alert">{td!(locale, apply.errors_summary, count)}</p>
            })}
            {move || other_error().then(|| view! { <p class="form-error" role="alert">{td!(locale, error_page.body)}</p> })}
            {children()}
            <p class="hint" aria-live="polite">
                {move || if autosaved() { td_string!(locale, apply.autosaved) } else { td_string!(locale, apply.saved_hint) }}
            </p>
            <div class="form-nav">
                <button type="submit" name="go" value="next" aria-disabled=move || pending.get().to_string()>
                    {move || if pending.get() { td_string!(locale, apply.saving) } else { td_string!(locale, apply.next) }}
                </button>
                {step.previous().map(|_| view! {
                    <button type="submit" name="go" value="back" class="secondary">{td!(locale, apply.back)}</button>
                })}
            </div>
        </form>
    }
}

/// The save of a step's form, inside its island. After a save the server accepted, the page it
/// names is shown (the next step, or this one again with a saved title filled in); after a
/// refusal the focus moves to the first field in error, so keyboard and screen-reader users
/// land on what needs changing. Nothing is rebuilt under the customer's fingers.
pub(super) fn step_save() -> Post<String> {
    let save = Post::<String>::new(SaveApplicationStep::url());
    Effect::new(move |_| match save.answer().get() {
        Some(Ok(path)) => crate::islands::go_to(&path),
        Some(Err(AppError::Validation(_))) => request_animation_frame(focus_first_field_in_error),
        _ => {}
    });
    save
}

fn focus_first_field_in_error() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let first = document()
            .query_selector(".field-invalid input:not([type=hidden]), .field-invalid select, .field-invalid textarea")
            .ok()
            .flatten();
        if let Some(element) = first.and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    }
}

/// The server's refusal of one field of the step, for a field component.
pub(super) fn field_error(save: Post<String>, field: &'static str) -> Signal<Option<crate::domain::ValidationError>> {
    save.field_error(field)
}

/// A translated label as the field components take it.
pub(super) fn label(locale: Locale, text: fn(Locale) -> &'static str) -> Signal<String> {
    Signal::stored(text(locale).to_owned())
}

/// The saved entries a step offers (its whole book): with more than `SEARCH_FROM` of them, a
/// search box, shown once the page is interactive, narrows the buttons to those whose text
/// contains what is typed; without JavaScript every entry stays listed.
pub(super) const SEARCH_FROM: usize = 6;

/// The search box of the saved entries; `query` is what it holds, `label` what it searches.
#[component]
pub(super) fn SavedSearch(id: &'static str, label: Signal<String>, query: RwSignal<String>) -> impl IntoView {
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    view! {
        <div class="field" hidden=move || !interactive.get()>
            <label for=id>{label}</label>
            <input id=id type="search" autocomplete="off" on:input=move |ev| query.set(event_target_value(&ev)) />
        </div>
    }
}

/// A saved title or address as its button offers it: the `go` value the button sends
/// (`title:12`, `address:3`, read by the save service) and the text it shows. A pair rather than
/// a struct because it is an island's prop: every struct in an island's props is read by a
/// derived serde reader of its own in the island's Wasm (README, "Light pages").
pub(crate) type SavedEntry = (String, String);

/// The title book as step 2 offers it: the title, and its taxpayer number when it has one.
pub(crate) fn title_entries(titles: Vec<SavedTitle>) -> Vec<SavedEntry> {
    let text = |title: SavedTitle| match title.taxpayer_id {
        Some(id) => format!("{} · {id}", title.title),
        None => title.title,
    };
    titles.into_iter().map(|title| (format!("title:{}", title.id), text(title))).collect()
}

/// The address book as step 3 offers it.
pub(crate) fn address_entries(addresses: Vec<SavedAddress>) -> Vec<SavedEntry> {
    addresses.into_iter().map(|address| (format!("address:{}", address.id), address.summary)).collect()
}

/// One button per saved entry, each hidden while the search leaves it out; `action` names what
/// a button does for a screen reader ("use the saved title").
#[component]
pub(super) fn SavedButtons(entries: Vec<SavedEntry>, action: Signal<String>, query: RwSignal<String>) -> impl IntoView {
    entries
        .into_iter()
        .map(|(go, text)| {
            let searched = text.clone();
            view! {
                <button type="submit" name="go" value=go class="secondary small" hidden=move || !found(&searched, &query.get())>
                    <span class="visually-hidden">{action} ": "</span>{text}
                </button>
            }
        })
        .collect_view()
}

/// Whether a saved entry's `text` is among those `query` searches for (any spacing, any width,
/// any case of A–Z): the comparison of names, `domain::comparable`.
pub(super) fn found(text: &str, query: &str) -> bool {
    let query = crate::domain::comparable(query);
    query.is_empty() || crate::domain::comparable(text).contains(&query)
}

#[cfg(test)]
mod tests {
    use super::{address_entries, found, title_entries};
    use crate::applications::{SavedAddress, SavedTitle};

    #[test]
    fn a_saved_entry_sends_what_the_save_service_reads_and_shows_what_tells_it_apart() {
        let titles = vec![
            SavedTitle {
                id: 7,
                title: "蓝云科技（上海）有限公司".into(),
                taxpayer_id: Some("91330106673959654P".into()),
            },
            SavedTitle { id: 9, title: "韩梅梅".into(), taxpayer_id: None },
        ];
        assert_eq!(
            title_entries(titles),
            [
                ("title:7".to_owned(), "蓝云科技（上海）有限公司 · 91330106673959654P".to_owned()),
                ("title:9".to_owned(), "韩梅梅".to_owned()),
            ]
        );
        let addresses = vec![SavedAddress {
            id: 3, summary: "韩梅梅 13812345678 上海市 浦东新区 张江路 88 号".into()
        }];
        assert_eq!(
            address_entries(addresses),
            [("address:3".to_owned(), "韩梅梅 13812345678 上海市 浦东新区 张江路 88 号".to_owned())]
        );
    }

    #[test]
    fn a_saved_entry_is_found_whatever_the_width_case_and_spacing_typed() {
        let entry = "Blue Cloud 蓝云科技（上海）有限公司 · 91330106673959654P";
        let queries = ["", "蓝云", "科技(上海)", "ｂｌｕｅ ｃｌｏｕｄ", "bluecloud", "91330106673959654p"];
        for query in queries {
            assert!(found(entry, query), "{query}");
        }
        for query in ["蓝天", "上海)有限公司X"] {
            assert!(!found(entry, query), "{query}");
        }
    }
}
