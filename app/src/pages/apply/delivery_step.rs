use super::frame::{SEARCH_FROM, SavedButtons, SavedEntry, SavedSearch, StepForm, field_error, label, step_save};
use super::title_step::NeedEarlierStep;
use crate::applications::form::{ApplicationForm, FormFields};
use crate::applications::form::{checks, limits};
use crate::applications::steps::Step;
use crate::applications::{DivisionOptions, PickupPoint};
use crate::components::{CheckboxField, Choice, ChoiceGroup, SelectField, TextField};
use crate::domain::{DeliveryMethod, Medium};
use crate::i18n::*;
use crate::islands::Post;
use crate::labels::delivery_label;
use crate::ui::use_locale;
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// Step 3: email addresses for a 数电票; courier or pickup, contact and address for paper.
/// Each is an island of its own, so that a page downloads the code of the form it shows (most
/// customers take the e-fapiao, and never load the region picker). Their props are what they
/// show (README, "Light pages": every prop is deserialised by code in the island's Wasm).
#[component]
pub fn DeliveryStep(
    locale: Locale,
    order_number: String,
    form: ApplicationForm,
    saved_addresses: Vec<SavedEntry>,
    pickup: PickupPoint,
    divisions: DivisionOptions,
) -> impl IntoView {
    match form.medium() {
        None => EitherOf3::A(view! { <NeedEarlierStep order_number /> }),
        Some(Medium::Electronic) => {
            let emails = form.delivery_emails;
            EitherOf3::B(view! { <EmailDeliveryForm locale order_number emails /> })
        }
        Some(Medium::Paper) => {
            // The pickup point in the page's language, as text: the island shows it and no more.
            let pickup_address = if locale == Locale::en { pickup.address_en } else { pickup.address_zh };
            let pickup_contact =
                td_string!(locale, apply.pickup_contact, contact = pickup.contact, phone = pickup.phone).to_string();
            EitherOf3::C(view! {
                <PaperDeliveryForm locale order_number form=form.to_fields() saved_addresses pickup_address pickup_contact
                    divisions />
            })
        }
    }
}

/// Step 3 for a 数电票: where the e-fapiao is emailed.
#[island(lazy)]
pub fn EmailDeliveryForm(locale: Locale, order_number: String, emails: String) -> impl IntoView {
    crate::islands::provide_island_context(locale);
    let save = step_save();
    view! {
        <StepForm order_number step=Step::Delivery save>
            <input type="hidden" name="form[delivery_method]" value=DeliveryMethod::Email.code() />
            <TextField id="apply-emails" name="form[delivery_emails]" input_type="text" inputmode="email" autocomplete="email"
                label=label(locale, |l| td_string!(l, apply.emails)) maxlength=limits::DELIVERY_EMAILS value=emails
                hint=label(locale, |l| td_string!(l, apply.emails_hint))
                server_error=field_error(save, "delivery_emails") check=checks::delivery_emails_field />
        </StepForm>
    }
}

/// Step 3 for paper: courier or pickup, the contact, and the address (the region picker and
/// the address book).
#[island(lazy)]
pub fn PaperDeliveryForm(
    locale: Locale,
    order_number: String,
    form: FormFields,
    saved_addresses: Vec<SavedEntry>,
    pickup_address: String,
    pickup_contact: String,
    divisions: DivisionOptions,
) -> impl IntoView {
    crate::islands::provide_island_context(locale);
    let form = ApplicationForm::from_fields(form);
    let context = DeliveryContext { order_number, form, saved_addresses, pickup_address, pickup_contact, divisions };
    view! { <PaperDelivery context save=step_save() /> }
}

/// What the paper delivery form shows.
#[derive(Clone)]
struct DeliveryContext {
    order_number: String,
    form: ApplicationForm,
    saved_addresses: Vec<SavedEntry>,
    pickup_address: String,
    pickup_contact: String,
    divisions: DivisionOptions,
}

#[component]
fn PaperDelivery(context: DeliveryContext, save: Post<String>) -> impl IntoView {
    let locale = use_locale();
    let form = context.form.clone();
    let method = RwSignal::new(form.delivery_method.clone());
    let province = RwSignal::new(form.province.trim().to_owned());
    let city = RwSignal::new(form.city.trim().to_owned());
    let district = RwSignal::new(form.district.trim().to_owned());
    // The three lists, each a signal of its own: the answer of a pick sets them, and no
    // signal of the whole answer is kept (each signal type is code of its own in the island).
    let DivisionOptions { provinces, cities, districts } = context.divisions.clone();
    let (provinces, cities, districts) = (RwSignal::new(provinces), RwSignal::new(cities), RwSignal::new(districts));
    // Only once the page is interactive may the address hide for pickup: without JavaScript
    // it stays visible (and is ignored for pickup), since nothing could show it again.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let is_pickup = move || method.get() == DeliveryMethod::Pickup.code();

    // The lists that follow a pick. An answer that arrives after another pick is dropped: the
    // later pick's answer is the one to show.
    let load = move |picked_province: String, picked_city: String| {
        #[cfg(feature = "hydrate")]
        if let Some(fields) = leptos::web_sys::FormData::new().ok().and_then(|data| {
            data.append_with_str("province", &picked_province).ok()?;
            data.append_with_str("city", &picked_city).ok()?;
            crate::islands::encode(&data)
        }) {
            let url = <crate::applications::LoadDivisionOptions as leptos::server_fn::ServerFn>::url();
            leptos::task::spawn_local(async move {
                let Ok(fresh) = crate::islands::fetch::<DivisionOptions>(url, fields).await else { return };
                if province.get_untracked() == picked_province && city.get_untracked() == picked_city {
                    provinces.set(fresh.provinces);
                    cities.set(fresh.cities);
                    districts.set(fresh.districts);
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (picked_province, picked_city);
    };
    let pick_province = Callback::new(move |code: String| {
        city.set(String::new());
        district.set(String::new());
        load(code, String::new());
    });
    let pick_city = Callback::new(move |code: String| {
        district.set(String::new());
        load(province.get_untracked(), code);
    });

    let methods = DeliveryMethod::allowed_for(Medium::Paper)
        .iter()
        .map(|&m| Choice {
            value: m.code(),
            label: Signal::derive(move || delivery_label(locale, m).to_owned()),
            hint: None,
        })
        .collect();
    let saved = context.saved_addresses.clone();
    let query = RwSignal::new(String::new());

    view! {
        <StepForm order_number=context.order_number.clone() step=Step::Delivery save>
            <ChoiceGroup id="apply-delivery" name="form[delivery_method]" legend=label(locale, |l| td_string!(l, apply.delivery_legend))
                choices=methods selected=method error=field_error(save, "delivery_method") />
            <div class="pickup-point" hidden=move || interactive.get() && !is_pickup()>
                <h2 class="h3">{td!(locale, apply.pickup_heading)}</h2>
                <p>{context.pickup_address.clone()}</p>
                <p class="hint">{context.pickup_contact.clone()}</p>
            </div>
            <TextField id="apply-recipient" name="form[recipient]" label=label(locale, |l| td_string!(l, apply.recipient))
                autocomplete="name" maxlength=limits::RECIPIENT value=form.recipient.clone()
                server_error=field_error(save, "recipient") check=checks::recipient_field />
            <TextField id="apply-mobile" name="form[mobile]" input_type="tel" inputmode="tel" autocomplete="tel"
                label=label(locale, |l| td_string!(l, apply.mobile)) maxlength=limits::MOBILE value=form.mobile.clone()
                server_error=field_error(save, "mobile") check=checks::mobile_field />
            <div hidden=move || interactive.get() && is_pickup()>
                <fieldset class="address">
                    <legend>{td!(locale, apply.address_legend)}</legend>
                    <p class="hint">{td!(locale, apply.address_pickup_hint)}</p>
                    {(!saved.is_empty()).then(|| view! {
                        <div class="saved-choices">
                            <p class="hint">{td!(locale, apply.saved_addresses)}</p>
                            {(saved.len() >= SEARCH_FROM).then(|| view! {
                                <SavedSearch id="apply-saved-address-search" label=label(locale, |l| td_string!(l, books.search_saved_addresses)) query />
                            })}
                            <SavedButtons entries=saved action=label(locale, |l| td_string!(l, apply.use_saved_address)) query />
                            <p class="hint"><a href="/account/addresses">{td!(locale, books.manage_addresses)}</a></p>
                        </div>
                    })}
                    <SelectField id="apply-province" name="form[province]" label=label(locale, |l| td_string!(l, apply.province))
                        options=provinces selected=province
                        error=field_error(save, "province") on_pick=pick_province />
                    <SelectField id="apply-city" name="form[city]" label=label(locale, |l| td_string!(l, apply.city))
                        options=cities selected=city
                        error=field_error(save, "city") on_pick=pick_city />
                    <SelectField id="apply-district" name="form[district]" label=label(locale, |l| td_string!(l, apply.district))
                        options=districts selected=district
                        error=field_error(save, "district") />
                    // Without JavaScript the lists cannot follow a choice by themselves.
                    <button type="submit" name="go" value="stay" class="secondary small" hidden=move || interactive.get()>
                        {td!(locale, apply.update_divisions)}
                    </button>
                    <TextField id="apply-street" name="form[street]" label=label(locale, |l| td_string!(l, apply.street))
                        autocomplete="street-address" maxlength=limits::STREET value=form.street.clone()
                        server_error=field_error(save, "street") check=checks::street_field />
                    <TextField id="apply-postal-code" name="form[postal_code]" inputmode="numeric" autocomplete="postal-code"
                        label=label(locale, |l| td_string!(l, apply.postal_code)) maxlength=limits::POSTAL_CODE value=form.postal_code.clone()
                        server_error=field_error(save, "postal_code") check=checks::postal_code_field />
                    <CheckboxField id="apply-save-address" name="form[save_address]"
                        label=label(locale, |l| td_string!(l, apply.save_address)) checked=form.save_address />
                </fieldset>
            </div>
        </StepForm>
    }
}
