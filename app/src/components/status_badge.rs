use crate::bills::FapiaoProgress;
use crate::domain::ApplicationStatus;
use crate::ui::use_locale;
use leptos::prelude::*;

/// Where a bill's fapiao stands, as a coloured label (the colour is decoration: the text
/// says it all).
#[component]
pub fn ProgressBadge(progress: FapiaoProgress) -> impl IntoView {
    let locale = use_locale();
    let class = match progress {
        FapiaoProgress::Applied(status) => format!("badge badge-{}", status.code()),
        FapiaoProgress::NotApplied => "badge badge-none".to_owned(),
        FapiaoProgress::Draft => "badge badge-draft".to_owned(),
        FapiaoProgress::Refunded => "badge badge-refunded".to_owned(),
        FapiaoProgress::Split => "badge badge-refunded".to_owned(),
    };
    view! { <span class=class>{crate::labels::progress_label(locale, progress)}</span> }
}

#[component]
pub fn StatusBadge(status: ApplicationStatus) -> impl IntoView {
    view! { <ProgressBadge progress=FapiaoProgress::Applied(status) /> }
}
