use crate::applications::steps::Step;
use crate::i18n::*;
use crate::ui::use_locale;
use leptos::prelude::*;

/// The name of a step, as the indicator, the heading and the title say it.
pub fn step_name(locale: Locale, step: Step) -> &'static str {
    match step {
        Step::Type => td_string!(locale, apply.steps.kind),
        Step::Title => td_string!(locale, apply.steps.title),
        Step::Delivery => td_string!(locale, apply.steps.delivery),
        Step::Review => td_string!(locale, apply.steps.review),
    }
}

/// `第 2 步，共 4 步` / `Step 2 of 4`.
pub fn step_of(locale: Locale, step: Step) -> String {
    td_string!(locale, apply.step_of, current = step.number(), total = Step::ALL.len()).to_string()
}

/// The steps of the application as an ordered list: done steps link back (what was typed
/// there is kept), the current one is marked for screen readers.
#[component]
pub fn StepIndicator(current: Step, order_number: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <nav class="step-indicator" aria-label=td_string!(locale, apply.steps_label)>
            <ol>
                {Step::ALL.into_iter().map(|step| {
                    let name = move || step_name(locale, step);
                    let state = if step == current { "current" } else if step.number() < current.number() { "done" } else { "todo" };
                    let path = step.path(&order_number);
                    view! {
                        <li class=format!("step-{state}")>
                            <span class="step-number" aria-hidden="true">{step.number()}</span>
                            {if step.number() < current.number() {
                                view! { <a href=path>{name}</a> }.into_any()
                            } else {
                                view! { <span aria-current=(step == current).then_some("step")>{name}</span> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}
