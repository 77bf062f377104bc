use crate::i18n::*;
use crate::site::{Announcement, AnnouncementKind};
use crate::ui::use_locale;
use leptos::prelude::*;

/// The active announcements, at the top of every page. A stock-shortage notice always says
/// when paper fapiao are expected to be mailed.
#[component]
pub fn AnnouncementBanner(announcements: Vec<Announcement>) -> impl IntoView {
    let locale = use_locale();
    (!announcements.is_empty()).then(move || {
        let items = announcements
            .into_iter()
            .map(|a| {
                let class = match a.kind {
                    AnnouncementKind::Notice => "announcement",
                    AnnouncementKind::StockShortage => "announcement announcement-warning",
                };
                let (title, body) = match locale {
                    Locale::zh_CN => (a.title_zh.clone(), a.body_zh.clone()),
                    Locale::en => (a.title_en.clone(), a.body_en.clone()),
                };
                let shortage = a.expected_mailing_date.clone().map(|date| {
                    view! { <p class="announcement-date">{td!(locale, announcement.stock_shortage, date = date.clone())}</p> }
                });
                view! {
                    <li class=class>
                        <strong>{title}</strong>
                        <p>{body}</p>
                        {shortage}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="announcements" aria-label=td_string!(locale, announcement.region_label)>
                <ul role="list">{items}</ul>
            </section>
        }
    })
}
