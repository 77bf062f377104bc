use crate::domain::ValidationError;
use crate::ui::{use_locale, validation_message};
use leptos::prelude::*;

/// A labelled input with its error message underneath. `check` is the shared domain parser
/// (the same one the server runs): it runs in the browser when the field loses focus, for
/// instant feedback. The server's answer (`server_error`) shows until the customer changes
/// the field and the browser's check passes: a corrected field is not left red.
#[component]
pub fn TextField(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(into)] server_error: Signal<Option<ValidationError>>,
    #[prop(optional)] check: Option<fn(&str) -> Option<ValidationError>>,
) -> impl IntoView {
    let locale = use_locale();
    let local_error = RwSignal::new(None::<ValidationError>);
    // Whether the customer typed since the server's answer, and whether that answer was
    // since corrected (changed, and the browser's check passes).
    let edited = RwSignal::new(false);
    let server_error_fixed = RwSignal::new(false);
    // A new answer from the server replaces what the browser found.
    Effect::new(move |_| {
        server_error.track();
        local_error.set(None);
        edited.set(false);
        server_error_fixed.set(false);
    });
    let error = move || local_error.get().or_else(|| if server_error_fixed.get() { None } else { server_error.get() });
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_blur = move |event: leptos::ev::FocusEvent| {
        // Leaving the field for a submit button: the server answers in a moment. A message
        // appearing now would push the button down between press and release, and the click
        // would miss it.
        use leptos::wasm_bindgen::JsCast;
        let to_submit = event
            .related_target()
            .and_then(|target| target.dyn_into::<leptos::web_sys::HtmlButtonElement>().ok())
            .is_some_and(|button| button.type_() == "submit");
        if to_submit {
            return;
        }
        let found = check.and_then(|check| check(&event_target_value(&event)));
        if found.is_none() && edited.get_untracked() {
            server_error_fixed.set(true);
        }
        local_error.set(found);
    };

    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                value=value
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described_by
                on:blur=on_blur
                on:input=move |_| edited.set(true)
            />
            <p class="field-error" id=error_id aria-live="polite">
                {move || error().map(|e| validation_message(locale, &e))}
            </p>
        </div>
    }
}

/// The server's validation error for one field of a form's action, for `TextField`.
pub fn server_field_error<A>(action: ServerAction<A>, name: &'static str) -> Signal<Option<ValidationError>>
where
    A: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
{
    Signal::derive(move || match &*action.value().read() {
        Some(Err(crate::error::AppError::Validation(errors))) => errors.get(name).cloned(),
        _ => None,
    })
}
