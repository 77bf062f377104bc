//! `/account/tokens`: the account's personal access tokens for the customer API (see
//! `api_tokens`). A server component: plain forms answered with a redirect; a new token is
//! shown once, right after it was made.

use crate::api_tokens::{CreateApiToken, RevokeApiToken, TokenEntry, TokenState, VALIDITY_DAYS, api_tokens};
use crate::components::{LoadError, Loading, SelectField, TextField, server_field_error};
use crate::i18n::*;
use crate::ui::{PageTitle, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let locale = use_locale();
    let page = Resource::new_blocking(|| (), |_| api_tokens());
    view! {
        <PageTitle text=td_string!(locale, tokens.title) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(page) => view! {
                        <section class="panel wide" aria-labelledby="tokens-heading">
                            <p><a href="/account">{td!(locale, account.settings)}</a></p>
                            <h1 id="tokens-heading">{td!(locale, tokens.title)}</h1>
                            <p class="lead">{td!(locale, tokens.lead)} " " <a href="/api/v1/openapi.json" rel="external">{td!(locale, tokens.openapi)}</a></p>
                            {page.new_token.map(|token| view! { <NewToken token /> })}
                            {crate::ui::done_by_form("revoked").then(|| view! {
                                <p class="notice success" role="status">{td!(locale, tokens.revoked_notice)}</p>
                            })}
                            <TokenTable tokens=page.tokens />
                        </section>
                        <section class="panel narrow" aria-labelledby="token-form-heading">
                            <h2 id="token-form-heading">{td!(locale, tokens.create_heading)}</h2>
                            <CreateForm />
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The token just made, in a read-only field to select and copy: it is never shown again.
#[component]
fn NewToken(token: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="notice success" role="status">
            <p>{td!(locale, tokens.created_notice)}</p>
            <div class="field">
                <label for="new-token">{td!(locale, tokens.new_token)}</label>
                <input id="new-token" type="text" readonly value=token class="copyable" spellcheck="false" autocomplete="off" />
            </div>
        </div>
    }
}

#[component]
fn TokenTable(tokens: Vec<TokenEntry>) -> impl IntoView {
    let locale = use_locale();
    if tokens.is_empty() {
        return view! { <p>{td!(locale, tokens.empty)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{td!(locale, tokens.caption)}</caption>
                <thead><tr>
                    <th scope="col">{td!(locale, tokens.name)}</th>
                    <th scope="col">{td!(locale, tokens.created_at)}</th>
                    <th scope="col">{td!(locale, tokens.expires_at)}</th>
                    <th scope="col">{td!(locale, tokens.last_used_at)}</th>
                    <th scope="col">{td!(locale, tokens.state)}</th>
                    <th scope="col">{td!(locale, books.actions)}</th>
                </tr></thead>
                <tbody>
                    {tokens.into_iter().map(|t| {
                        let state = match t.state {
                            TokenState::Active => td_string!(locale, tokens.active),
                            TokenState::Expired => td_string!(locale, tokens.expired),
                            TokenState::Revoked => td_string!(locale, tokens.revoked),
                        };
                        let never = td_string!(locale, tokens.never_used);
                        view! {
                            <tr>
                                <th scope="row" data-label=td_string!(locale, tokens.name)>{t.name.clone()}</th>
                                <td data-label=td_string!(locale, tokens.created_at) class="nowrap">{t.created_at.clone()}</td>
                                <td data-label=td_string!(locale, tokens.expires_at) class="nowrap">{t.expires_at.clone()}</td>
                                <td data-label=td_string!(locale, tokens.last_used_at) class="nowrap">{t.last_used_at.clone().unwrap_or_else(|| never.to_owned())}</td>
                                <td data-label=td_string!(locale, tokens.state)><span class="badge">{state}</span></td>
                                <td data-label=td_string!(locale, books.actions)>
                                    {(t.state == TokenState::Active).then(|| view! {
                                        <form action=RevokeApiToken::url() method="post" class="inline-form">
                                            <input type="hidden" name="id" value=t.id />
                                            <button type="submit" class="small danger">
                                                {td!(locale, tokens.revoke)}<span class="visually-hidden">" " {t.name.clone()}</span>
                                            </button>
                                        </form>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn CreateForm() -> impl IntoView {
    let locale = use_locale();
    let create = ServerAction::<CreateApiToken>::new();
    let pending = create.pending();
    let days = RwSignal::new(VALIDITY_DAYS[1].to_string());
    let options = Signal::derive(move || {
        VALIDITY_DAYS
            .iter()
            .map(|d| (d.to_string(), td_string!(locale, tokens.days, count = *d).to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <ActionForm action=create>
            <TextField id="token-name" name="name" autocomplete="off" maxlength=crate::api_tokens::NAME_MAX_CHARS
                label=Signal::derive(move || td_string!(locale, tokens.name).to_owned())
                hint=Signal::derive(move || td_string!(locale, tokens.name_hint).to_owned())
                server_error=server_field_error(create, "name") />
            <SelectField id="token-days" name="days" label=Signal::derive(move || td_string!(locale, tokens.validity).to_owned())
                options selected=days error=server_field_error(create, "days") />
            <button type="submit" aria-disabled=move || pending.get().to_string()>{td!(locale, tokens.create)}</button>
        </ActionForm>
    }
}
