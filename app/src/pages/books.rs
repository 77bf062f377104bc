//! `/account/titles`, `/account/titles/{id}`, `/account/addresses` and
//! `/account/addresses/{id|new}`: the title book and the address book (see `books`). Server components: plain forms answered with a redirect, which
//! says what was done (`?done=…`) or carries the refusal back to the form.

use crate::books::{
    AddressEditor, AddressEntry, AddressInput, BOOK_LIMIT, DefaultAddress, DefaultTitle, DeleteAddress, DeleteTitle,
    SaveAddress, SaveTitle, TitleEntry, TitleInput, address_form, addresses, title, titles,
};
use crate::components::{Choice, ChoiceGroup, LoadError, Loading, SelectField, TextField, server_field_error};
use crate::domain::BuyerType;
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What a book's page says after a form: saved, deleted or made the default.
#[component]
fn DoneNotice() -> impl IntoView {
    let locale = use_locale();
    let done = use_query_map()
        .read_untracked()
        .get("done")
        .filter(|_| use_query_map().read_untracked().get("__err").is_none());
    done.and_then(|what| {
        let text = match what.as_str() {
            "saved" => td_string!(locale, books.done_saved),
            "deleted" => td_string!(locale, books.done_deleted),
            "default" => td_string!(locale, books.done_default),
            _ => return None,
        };
        Some(view! { <p class="notice success" role="status">{text}</p> })
    })
}

/// `/account/titles`: the saved titles, each with edit / delete / make default, and the form to
/// add one.
#[component]
pub fn TitleBookPage() -> impl IntoView {
    let locale = use_locale();
    let book = Resource::new_blocking(|| (), |_| titles());
    view! {
        <PageTitle text=td_string!(locale, books.titles_title) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match book.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(entries) => {
                        let count = entries.len();
                        view! {
                            <section class="panel wide" aria-labelledby="titles-heading">
                                <p><a href="/account">{td!(locale, account.settings)}</a></p>
                                <h1 id="titles-heading">{td!(locale, books.titles_title)}</h1>
                                <p class="lead">{td!(locale, books.titles_lead, max = BOOK_LIMIT)}</p>
                                <DoneNotice />
                                <p class="hint">{td!(locale, books.count, count, max = BOOK_LIMIT)}</p>
                                <TitleTable entries />
                            </section>
                            <section class="panel narrow" aria-labelledby="title-form-heading">
                                <h2 id="title-form-heading">{td!(locale, books.add_title)}</h2>
                                {if count >= BOOK_LIMIT {
                                    view! { <p class="warning">{td!(locale, books.full, max = BOOK_LIMIT)}</p> }.into_any()
                                } else {
                                    view! { <TitleForm entry=None /> }.into_any()
                                }}
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn TitleTable(entries: Vec<TitleEntry>) -> impl IntoView {
    let locale = use_locale();
    if entries.is_empty() {
        return view! { <p>{td!(locale, books.titles_empty)}</p> }.into_any();
    }
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{td!(locale, books.titles_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{td!(locale, books.title)}</th>
                    <th scope="col">{td!(locale, books.taxpayer_id)}</th>
                    <th scope="col">{td!(locale, books.buyer_type)}</th>
                    <th scope="col">{td!(locale, books.actions)}</th>
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|entry| {
                    let buyer = BuyerType::parse(&entry.input.buyer_type)
                        .map(|b| crate::labels::buyer_type_label(locale, b))
                        .unwrap_or_default();
                    let name = entry.input.title.clone();
                    view! {
                        <tr>
                            <th scope="row" data-label=td_string!(locale, books.title)>
                                {entry.input.title.clone()}
                                {entry.is_default.then(|| view! { " " <span class="badge">{td!(locale, books.default)}</span> })}
                            </th>
                            <td data-label=td_string!(locale, books.taxpayer_id)>{entry.input.taxpayer_id.clone()}</td>
                            <td data-label=td_string!(locale, books.buyer_type)>{buyer}</td>
                            <td data-label=td_string!(locale, books.actions)>
                                <div class="row-actions">
                                    <a class="button small secondary" href=format!("/account/titles/{}", entry.id)>
                                        {td!(locale, books.edit)}<span class="visually-hidden">" " {name.clone()}</span>
                                    </a>
                                    <RowActions id=entry.id name=name.clone() is_default=entry.is_default
                                        delete=DeleteTitle::url() make_default=DefaultTitle::url() />
                                </div>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The form of a title: a new one (`entry` absent) or an entry being edited. Checked on the
/// server by the application form's rules; a refusal comes back with each field's message.
#[component]
fn TitleForm(entry: Option<TitleEntry>) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveTitle>::new();
    let pending = save.pending();
    let field = move |name: &'static str| server_field_error(save, name);
    let label = move |text: fn(Locale) -> &'static str| Signal::derive(move || text(locale).to_owned());
    let id = entry.as_ref().map(|e| e.id.to_string());
    let input = entry
        .map(|e| e.input)
        .unwrap_or_else(|| TitleInput { buyer_type: BuyerType::Enterprise.code().to_owned(), ..Default::default() });
    let buyer_type = RwSignal::new(input.buyer_type.clone());
    let choices = BuyerType::ALL
        .iter()
        .map(|&b| Choice {
            value: b.code(),
            label: Signal::derive(move || crate::labels::buyer_type_label(locale, b).to_owned()),
            hint: None,
        })
        .collect();
    view! {
        <ActionForm action=save>
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <ChoiceGroup id="book-buyer-type" name="entry[buyer_type]" legend=label(|l| td_string!(l, apply.buyer_type_legend))
                choices selected=buyer_type error=field("buyer_type") />
            <TextField id="book-title" name="entry[title]" label=label(|l| td_string!(l, apply.title_label))
                autocomplete="organization" maxlength=crate::applications::form::limits::TITLE value=input.title.clone()
                hint=label(|l| td_string!(l, apply.title_hint_general)) server_error=field("title") />
            <TextField id="book-taxpayer-id" name="entry[taxpayer_id]" label=label(|l| td_string!(l, apply.taxpayer_id))
                autocomplete="off" maxlength=crate::applications::form::limits::TAXPAYER_ID value=input.taxpayer_id.clone()
                hint=label(|l| td_string!(l, apply.taxpayer_id_hint)) server_error=field("taxpayer_id") />
            <fieldset>
                <legend>{td!(locale, books.registration_legend)}</legend>
                <TextField id="book-registered-address" name="entry[registered_address]"
                    label=label(|l| td_string!(l, apply.registered_address)) autocomplete="street-address"
                    maxlength=crate::applications::form::limits::REGISTERED_ADDRESS value=input.registered_address.clone()
                    server_error=field("registered_address") />
                <TextField id="book-registered-phone" name="entry[registered_phone]" input_type="tel" inputmode="tel"
                    label=label(|l| td_string!(l, apply.registered_phone)) autocomplete="tel"
                    maxlength=crate::applications::form::limits::REGISTERED_PHONE value=input.registered_phone.clone()
                    server_error=field("registered_phone") />
                <TextField id="book-bank-name" name="entry[bank_name]" label=label(|l| td_string!(l, apply.bank_name))
                    autocomplete="off" maxlength=crate::applications::form::limits::BANK_NAME value=input.bank_name.clone()
                    server_error=field("bank_name") />
                <TextField id="book-bank-account" name="entry[bank_account]" inputmode="numeric"
                    label=label(|l| td_string!(l, apply.bank_account)) autocomplete="off"
                    maxlength=crate::applications::form::limits::BANK_ACCOUNT value=input.bank_account.clone()
                    server_error=field("bank_account") />
            </fieldset>
            <button type="submit" aria-disabled=move || pending.get().to_string()>
                {move || if pending.get() { td_string!(locale, books.saving) } else { td_string!(locale, books.save) }}
            </button>
        </ActionForm>
    }
}

/// What a row of either book offers: make it the default (unless it is), delete it. Plain
/// forms posting to the book's server functions, which answer with a redirect back to the book;
/// `name` tells a screen reader which entry each button acts on.
#[component]
fn RowActions(
    id: i32,
    name: String,
    is_default: bool,
    delete: &'static str,
    make_default: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        {(!is_default).then(|| {
            let name = name.clone();
            view! {
                <form action=make_default method="post" class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="small secondary">
                        {td!(locale, books.make_default)}<span class="visually-hidden">" " {name}</span>
                    </button>
                </form>
            }
        })}
        <form action=delete method="post" class="inline-form">
            <input type="hidden" name="id" value=id />
            <button type="submit" class="small danger">
                {td!(locale, books.delete)}<span class="visually-hidden">" " {name}</span>
            </button>
        </form>
    }
}

/// `/account/titles/{id}`: one saved title's form.
#[component]
pub fn TitleEditPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i32>().ok());
    let entry = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => title(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=td_string!(locale, books.edit_title) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match entry.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(entry) => view! {
                        <section class="panel narrow" aria-labelledby="title-form-heading">
                            <p><a href="/account/titles">{td!(locale, books.cancel)}</a></p>
                            <h1 id="title-form-heading">{td!(locale, books.edit_title)}</h1>
                            <TitleForm entry=Some(entry) />
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/account/addresses`: the saved addresses, each with delete / make default.
#[component]
pub fn AddressBookPage() -> impl IntoView {
    let locale = use_locale();
    let book = Resource::new_blocking(|| (), |_| addresses());
    view! {
        <PageTitle text=td_string!(locale, books.addresses_title) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match book.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(entries) => {
                        let count = entries.len();
                        view! {
                            <section class="panel wide" aria-labelledby="addresses-heading">
                                <p><a href="/account">{td!(locale, account.settings)}</a></p>
                                <h1 id="addresses-heading">{td!(locale, books.addresses_title)}</h1>
                                <p class="lead">{td!(locale, books.addresses_lead, max = BOOK_LIMIT)}</p>
                                <DoneNotice />
                                <p class="hint">{td!(locale, books.count, count, max = BOOK_LIMIT)}</p>
                                <AddressTable entries />
                                {if count >= BOOK_LIMIT {
                                    view! { <p class="warning">{td!(locale, books.full, max = BOOK_LIMIT)}</p> }.into_any()
                                } else {
                                    view! { <p><a class="button" href="/account/addresses/new">{td!(locale, books.add_address)}</a></p> }.into_any()
                                }}
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn AddressTable(entries: Vec<AddressEntry>) -> impl IntoView {
    let locale = use_locale();
    if entries.is_empty() {
        return view! { <p>{td!(locale, books.addresses_empty)}</p> }.into_any();
    }
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{td!(locale, books.addresses_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{td!(locale, books.recipient)}</th>
                    <th scope="col">{td!(locale, books.address)}</th>
                    <th scope="col">{td!(locale, books.actions)}</th>
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|entry| {
                    let name = format!("{} {}", entry.recipient, entry.address);
                    view! {
                        <tr>
                            <th scope="row" data-label=td_string!(locale, books.recipient)>
                                {entry.recipient.clone()} " " {entry.mobile.clone()}
                                {entry.is_default.then(|| view! { " " <span class="badge">{td!(locale, books.default)}</span> })}
                            </th>
                            <td data-label=td_string!(locale, books.address)>{entry.address.clone()} " " {entry.postal_code.clone()}</td>
                            <td data-label=td_string!(locale, books.actions)>
                                <div class="row-actions">
                                    <a class="button small secondary" href=format!("/account/addresses/{}", entry.id)>
                                        {td!(locale, books.edit)}<span class="visually-hidden">" " {name.clone()}</span>
                                    </a>
                                    <RowActions id=entry.id name=name.clone() is_default=entry.is_default
                                        delete=DeleteAddress::url() make_default=DefaultAddress::url() />
                                </div>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// `/account/addresses/new` and `/account/addresses/{id}`: an address's form. The city and
/// district lists follow the chosen province and city through the "update the lists" button,
/// which sends the form back to this page (a GET that keeps what was typed).
#[component]
pub fn AddressEditPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i32>().ok());
    let typed = move || {
        let query = query.read();
        let field = |name: &str| query.get(&format!("entry[{name}]"));
        field("recipient").map(|recipient| AddressInput {
            recipient,
            mobile: field("mobile").unwrap_or_default(),
            province: field("province").unwrap_or_default(),
            city: field("city").unwrap_or_default(),
            district: field("district").unwrap_or_default(),
            street: field("street").unwrap_or_default(),
            postal_code: field("postal_code").unwrap_or_default(),
        })
    };
    let form = Resource::new_blocking(move || (id(), typed()), |(id, typed)| address_form(id, typed));
    let heading = move || {
        if id().is_some() { td_string!(locale, books.edit_address) } else { td_string!(locale, books.add_address) }
    };
    view! {
        <PageTitle text=heading() />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match form.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(form) => view! {
                        <section class="panel narrow" aria-labelledby="address-form-heading">
                            <p><a href="/account/addresses">{td!(locale, books.cancel)}</a></p>
                            <h1 id="address-form-heading">{heading}</h1>
                            <AddressFormFields form />
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AddressFormFields(form: AddressEditor) -> impl IntoView {
    use crate::applications::form::limits;
    let locale = use_locale();
    let save = ServerAction::<SaveAddress>::new();
    let pending = save.pending();
    let field = move |name: &'static str| server_field_error(save, name);
    let label = move |text: fn(Locale) -> &'static str| Signal::derive(move || text(locale).to_owned());
    let AddressEditor { id, input, divisions } = form;
    let here = id.map_or_else(|| "/account/addresses/new".to_owned(), |id| format!("/account/addresses/{id}"));
    let options = |list: Vec<(String, String)>| Signal::derive(move || list.clone());
    view! {
        <ActionForm action=save>
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <TextField id="address-recipient" name="entry[recipient]" label=label(|l| td_string!(l, apply.recipient))
                autocomplete="name" maxlength=limits::RECIPIENT value=input.recipient.clone() server_error=field("recipient") />
            <TextField id="address-mobile" name="entry[mobile]" input_type="tel" inputmode="tel" label=label(|l| td_string!(l, apply.mobile))
                autocomplete="tel" maxlength=limits::MOBILE value=input.mobile.clone() server_error=field("mobile") />
            <SelectField id="address-province" name="entry[province]" label=label(|l| td_string!(l, apply.province))
                options=options(divisions.provinces) selected=RwSignal::new(input.province.clone()) error=field("province") />
            <SelectField id="address-city" name="entry[city]" label=label(|l| td_string!(l, apply.city))
                options=options(divisions.cities) selected=RwSignal::new(input.city.clone()) error=field("city") />
            <SelectField id="address-district" name="entry[district]" label=label(|l| td_string!(l, apply.district))
                options=options(divisions.districts) selected=RwSignal::new(input.district.clone()) error=field("district") />
            <p>
                <button type="submit" class="secondary" formmethod="get" formaction=here formnovalidate=true>
                    {td!(locale, apply.update_divisions)}
                </button>
            </p>
            <TextField id="address-street" name="entry[street]" label=label(|l| td_string!(l, apply.street))
                autocomplete="street-address" maxlength=limits::STREET value=input.street.clone() server_error=field("street") />
            <TextField id="address-postal-code" name="entry[postal_code]" inputmode="numeric" label=label(|l| td_string!(l, apply.postal_code))
                autocomplete="postal-code" maxlength=limits::POSTAL_CODE value=input.postal_code.clone() server_error=field("postal_code") />
            <button type="submit" aria-disabled=move || pending.get().to_string()>
                {move || if pending.get() { td_string!(locale, books.saving) } else { td_string!(locale, books.save) }}
            </button>
        </ActionForm>
    }
}
