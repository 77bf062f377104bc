use crate::admin::site::{CreateAnnouncement, EndAnnouncement, SetMaintenance, SiteAdmin, load_site_admin};
use crate::components::{LoadError, Loading, server_field_error};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;

/// `/admin/site`: the maintenance switch and the announcements.
#[component]
pub fn SiteAdminPage() -> impl IntoView {
    let locale = use_locale();
    let maintenance = ServerAction::<SetMaintenance>::new();
    let announce = ServerAction::<CreateAnnouncement>::new();
    let end = ServerAction::<EndAnnouncement>::new();
    let site = Resource::new_blocking(
        move || (maintenance.version().get(), announce.version().get(), end.version().get()),
        |_| load_site_admin(),
    );
    view! {
        <PageTitle text=td_string!(locale, admin.site_title) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match site.await {
                    Ok(site) => view! { <SiteAdminView site maintenance announce end /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SiteAdminView(
    site: SiteAdmin,
    maintenance: ServerAction<SetMaintenance>,
    announce: ServerAction<CreateAnnouncement>,
    end: ServerAction<EndAnnouncement>,
) -> impl IntoView {
    let locale = use_locale();
    let error = move |field: &'static str| {
        move || server_field_error(announce, field).get().map(|e| crate::ui::validation_message(locale, &e))
    };
    // Only admins change this; staff see why the form is not there.
    let not_admin = !crate::auth::use_is_admin();
    let failed = move || {
        matches!(announce.value().get(), Some(Err(AppError::Validation(_))))
            || matches!(maintenance.value().get(), Some(Err(_)))
    };
    view! {
        <section class="panel wide">
            <p><a href="/admin">{td!(locale, admin.back_to_queue)}</a></p>
            <h1>{td!(locale, admin.site_title)}</h1>
            {move || failed().then(|| view! { <p class="form-error" role="alert">{td!(locale, admin.fix_fields)}</p> })}
        </section>
        <section class="panel wide" aria-labelledby="maintenance-heading">
            <h2 id="maintenance-heading">{td!(locale, admin.maintenance_heading)}</h2>
            <p role="status">
                {if site.maintenance_on { td!(locale, admin.maintenance_is_on).into_any() } else { td!(locale, admin.maintenance_is_off).into_any() }}
            </p>
            {not_admin.then(|| view! { <p class="hint">{td!(locale, admin.admin_only)}</p> })}
            <ActionForm action=maintenance attr:hidden=not_admin>
                <div class="field checkbox">
                    <input id="maintenance-enabled" type="checkbox" name="enabled" value="true" checked=site.maintenance_on />
                    <label for="maintenance-enabled">{td!(locale, admin.maintenance_enabled)}</label>
                </div>
                <div class="field">
                    <label for="maintenance-zh">{td!(locale, admin.message_zh)}</label>
                    <textarea id="maintenance-zh" name="message_zh" rows="2" maxlength="500">{site.message_zh.clone()}</textarea>
                </div>
                <div class="field">
                    <label for="maintenance-en">{td!(locale, admin.message_en)}</label>
                    <textarea id="maintenance-en" name="message_en" rows="2" maxlength="500">{site.message_en.clone()}</textarea>
                </div>
                <div class="field">
                    <label for="maintenance-end">{td!(locale, admin.expected_end)}</label>
                    <input id="maintenance-end" type="datetime-local" name="expected_end" value=site.expected_end.clone() />
                </div>
                <button type="submit">{td!(locale, admin.save_maintenance)}</button>
            </ActionForm>
        </section>
        <section class="panel wide" aria-labelledby="announce-heading">
            <h2 id="announce-heading">{td!(locale, admin.announce_heading)}</h2>
            <ActionForm action=announce>
                <div class="field">
                    <label for="announce-kind">{td!(locale, admin.announce_kind)}</label>
                    <select id="announce-kind" name="kind">
                        <option value="notice">{td!(locale, admin.kind_notice)}</option>
                        <option value="stock_shortage">{td!(locale, admin.kind_stock_shortage)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="announce-title-zh">{td!(locale, admin.title_zh)}</label>
                    <input id="announce-title-zh" name="title_zh" maxlength="200" />
                    <p class="field-error">{error("title_zh")}</p>
                </div>
                <div class="field">
                    <label for="announce-title-en">{td!(locale, admin.title_en)}</label>
                    <input id="announce-title-en" name="title_en" maxlength="200" />
                    <p class="field-error">{error("title_en")}</p>
                </div>
                <div class="field">
                    <label for="announce-body-zh">{td!(locale, admin.body_zh)}</label>
                    <textarea id="announce-body-zh" name="body_zh" rows="2" maxlength="2000"></textarea>
                </div>
                <div class="field">
                    <label for="announce-body-en">{td!(locale, admin.body_en)}</label>
                    <textarea id="announce-body-en" name="body_en" rows="2" maxlength="2000"></textarea>
                </div>
                <div class="field">
                    <label for="announce-mailing">{td!(locale, admin.expected_mailing_date)}</label>
                    <input id="announce-mailing" type="date" name="expected_mailing_date" />
                    <p class="field-error">{error("expected_mailing_date")}</p>
                </div>
                <div class="field">
                    <label for="announce-ends">{td!(locale, admin.ends_at)}</label>
                    <input id="announce-ends" type="datetime-local" name="ends_at" />
                </div>
                <button type="submit">{td!(locale, admin.publish)}</button>
            </ActionForm>
            <h3>{td!(locale, admin.announcements)}</h3>
            {if site.announcements.is_empty() {
                view! { <p class="empty">{td!(locale, admin.no_announcements)}</p> }.into_any()
            } else {
                view! {
                    <ul class="announcement-list">
                        {site.announcements.into_iter().map(|a| view! {
                            <li>
                                <strong>{a.title_zh.clone()}</strong> " / " {a.title_en.clone()}
                                <span class="hint">" · " {a.starts_at.clone()} " – " {a.ends_at.clone().unwrap_or_default()}
                                    {a.expected_mailing_date.clone().map(|d| format!(" · {d}"))}</span>
                                {a.active.then(|| view! {
                                    <ActionForm action=end attr:class="inline-form">
                                        <input type="hidden" name="id" value=a.id />
                                        <button type="submit" class="secondary small">
                                            {td!(locale, admin.end_announcement)} <span class="visually-hidden">" " {a.title_zh.clone()}</span>
                                        </button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
