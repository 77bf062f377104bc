//! Which logins see a customer's bills. An order number is not a secret (it is on screenshots,
//! forwarded emails, the bill itself), so it never opens a customer's data alone:
//! - the claim link of the order confirmation email, which only the buyer's mailbox received,
//!   attaches the order at once (`issue_claim`, `claim`);
//! - a typed order number makes an access request; the order's buyer email confirms it by a
//!   link (`decide_by_buyer`), or a login already attached approves it (`decide_by_member`);
//! - every new login of a customer is announced to the logins it already has, and any of them
//!   can remove a login (`remove_login`).
//!
//! A request names an order number as typed: whether such a paid order exists is never told to
//! the requester (the same answer, the same work either way).

use crate::access::{AccessOverview, CustomerLogins, LoginOfCustomer, PendingApproval};
use crate::backend::db::DbContext;
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{access_requests, account_customers, accounts, customers, order_claims, orders};
use crate::backend::outbox::enqueue;
use crate::backend::sessions::{hash_token, new_token};
use crate::backend::transaction::begin_write;
use crate::domain::{AccessRequestStatus, OrderStatus};
use crate::domain::{AccountStatus, EmailAddress};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// A new claim token for a newly paid order, for its confirmation email.
pub async fn issue_claim(db: &impl ConnectionTrait, order_id: i32, now: DateTime<Utc>) -> Result<String, DbErr> {
    let token = new_token();
    order_claims::ActiveModel {
        created_at: Set(now),
        order_id: Set(order_id),
        token_hash: Set(hash_token(&token)),
        used_by_account_id: Set(None),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The order's claim behind `token`, if it is one and no activated login has used it yet.
pub async fn claim(
    db: &impl ConnectionTrait,
    token: &str,
    order_id: i32,
) -> Result<Option<order_claims::Model>, DbErr> {
    let token = token.trim();
    if token.is_empty() {
        return Ok(None);
    }
    order_claims::Entity::find()
        .filter(order_claims::Column::TokenHash.eq(hash_token(token)))
        .filter(order_claims::Column::OrderId.eq(order_id))
        .filter(order_claims::Column::UsedAt.is_null())
        .one(db)
        .await
}

/// Registration through a claim link: the (pending) account sees the order's customer once it
/// is activated; until then the link stays usable, so a mistyped email is fixed by registering
/// again with the same link.
pub async fn attach_by_claim(
    db: &impl ConnectionTrait,
    claim: order_claims::Model,
    account_id: i32,
    order: &orders::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    insert_link(db, account_id, order.customer_id, order.id, now).await?;
    let mut used: order_claims::ActiveModel = claim.into();
    used.used_by_account_id = Set(Some(account_id));
    used.update(db).await.map(drop)
}

/// A login that is active already uses a claim link: attached at once, the link used up.
pub async fn attach_active_by_claim(
    db: &impl ConnectionTrait,
    claim: order_claims::Model,
    account_id: i32,
    order: &orders::Model,
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<(), DbErr> {
    let mut used: order_claims::ActiveModel = claim.into();
    used.used_by_account_id = Set(Some(account_id));
    used.used_at = Set(Some(now));
    used.update(db).await?;
    if insert_link(db, account_id, order.customer_id, order.id, now).await? {
        announce(db, order.customer_id, account_id, base_url).await?;
    }
    Ok(())
}

/// A typed order number: a pending request of `account_id` to see the order's customer
/// (`order`: the paid order of that number, if there is one). The buyer is asked by
/// `ask_buyers` once the login is active.
pub async fn request(
    db: &impl ConnectionTrait,
    account_id: i32,
    order_number: &str,
    order: Option<&orders::Model>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    access_requests::ActiveModel {
        created_at: Set(now),
        account_id: Set(account_id),
        order_number: Set(order_number.chars().take(40).collect()),
        customer_id: Set(order.map(|o| o.customer_id)),
        // Replaced by the link's token when the buyer is asked.
        token_hash: Set(hash_token(&new_token())),
        status: Set(AccessRequestStatus::Pending),
        buyer_asked_at: Set(None),
        decided_at: Set(None),
        decided_by_account_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

/// What activating a login sets going: the claims it registered through are used up (the
/// customers they attached are told about the new login), and the buyers of the orders it typed
/// are asked to confirm.
pub async fn on_activation(
    db: &impl ConnectionTrait,
    account_id: i32,
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<(), DbErr> {
    let claims = order_claims::Entity::find()
        .filter(order_claims::Column::UsedByAccountId.eq(account_id))
        .filter(order_claims::Column::UsedAt.is_null())
        .all(db)
        .await?;
    for claim in claims {
        let order_id = claim.order_id;
        let mut used: order_claims::ActiveModel = claim.into();
        used.used_at = Set(Some(now));
        used.update(db).await?;
        if let Some(order) = orders::Entity::find_by_id(order_id).one(db).await? {
            announce(db, order.customer_id, account_id, base_url).await?;
        }
    }
    ask_buyers(db, account_id, now, base_url).await
}

/// Mails the buyer of every pending request of this (active) login that names a paid order
/// and was not asked yet: a fresh single-use link per request.
pub async fn ask_buyers(
    db: &impl ConnectionTrait,
    account_id: i32,
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<(), DbErr> {
    let Some(login) = accounts::Entity::find_by_id(account_id).one(db).await? else { return Ok(()) };
    let waiting = access_requests::Entity::find()
        .filter(access_requests::Column::AccountId.eq(account_id))
        .filter(access_requests::Column::Status.eq(AccessRequestStatus::Pending))
        .filter(access_requests::Column::BuyerAskedAt.is_null())
        .filter(access_requests::Column::CustomerId.is_not_null())
        .all(db)
        .await?;
    for row in waiting {
        let order = orders::Entity::find()
            .filter(orders::Column::OrderNumber.eq(row.order_number.as_str()))
            .filter(orders::Column::Status.eq(OrderStatus::Paid))
            .one(db)
            .await?;
        let (Some(order), Some(customer_id)) = (order, row.customer_id) else { continue };
        let Some(customer) = customers::Entity::find_by_id(customer_id).one(db).await? else { continue };
        let Ok(buyer) = EmailAddress::parse(&order.buyer_email) else { continue };
        let token = new_token();
        let mut asked: access_requests::ActiveModel = row.into();
        asked.token_hash = Set(hash_token(&token));
        asked.buyer_asked_at = Set(Some(now));
        asked.update(db).await?;
        let email = Email::AccessRequest {
            customer: &customer.name,
            login: &login.email,
            order_number: &order.order_number,
            token: &token,
        };
        enqueue(db, compose(buyer, MailLanguage::Both, base_url, &email)).await?;
    }
    Ok(())
}

/// What the buyer's link shows: who asks to see which customer's bills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerView {
    pub customer: String,
    pub login: String,
    pub order_number: String,
    /// Still to be decided (a decided link shows what was decided, and changes nothing).
    pub pending: bool,
}

async fn request_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<(access_requests::Model, BuyerView)>, DbErr> {
    let row = access_requests::Entity::find()
        .filter(access_requests::Column::TokenHash.eq(hash_token(token.trim())))
        .filter(access_requests::Column::BuyerAskedAt.is_not_null())
        .one(db)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let Some(customer_id) = row.customer_id else { return Ok(None) };
    let customer = customers::Entity::find_by_id(customer_id).one(db).await?;
    let login = accounts::Entity::find_by_id(row.account_id).one(db).await?;
    let (Some(customer), Some(login)) = (customer, login) else { return Ok(None) };
    let view = BuyerView {
        customer: customer.name,
        login: login.email,
        order_number: row.order_number.clone(),
        pending: row.status == AccessRequestStatus::Pending,
    };
    Ok(Some((row, view)))
}

/// The buyer's link, as the confirmation page shows it. `NotFound` for an unknown link.
pub async fn buyer_view(db: &DatabaseConnection, token: &str) -> Result<BuyerView, AppError> {
    request_by_token(db, token)
        .await
        .context("read or change who sees a customer's bills")?
        .map(|(_, view)| view)
        .ok_or(AppError::NotFound)
}

/// The buyer allows or ignores the request behind the link. Deciding twice changes nothing.
pub async fn decide_by_buyer(
    db: &DatabaseConnection,
    token: &str,
    allow: bool,
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<BuyerView, AppError> {
    let txn = begin_write(db).await.context("read or change who sees a customer's bills")?;
    let (row, mut view) = request_by_token(&txn, token)
        .await
        .context("read or change who sees a customer's bills")?
        .ok_or(AppError::NotFound)?;
    if view.pending {
        decide(&txn, row, allow, None, now, base_url).await.context("read or change who sees a customer's bills")?;
        view.pending = false;
    }
    txn.commit().await.context("read or change who sees a customer's bills")?;
    Ok(view)
}

/// A login attached to the request's customer approves or dismisses it. Another customer's
/// request, or one already decided, is `NotFound`.
pub async fn decide_by_member(
    db: &DatabaseConnection,
    member_id: i32,
    request_id: i32,
    allow: bool,
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<(), AppError> {
    let txn = begin_write(db).await.context("read or change who sees a customer's bills")?;
    let row = access_requests::Entity::find_by_id(request_id)
        .filter(access_requests::Column::Status.eq(AccessRequestStatus::Pending))
        .one(&txn)
        .await
        .context("read or change who sees a customer's bills")?
        .ok_or(AppError::NotFound)?;
    let Some(customer_id) = row.customer_id else { return Err(AppError::NotFound) };
    if !is_member(&txn, member_id, customer_id).await.context("read or change who sees a customer's bills")?
        || row.account_id == member_id
    {
        return Err(AppError::NotFound);
    }
    decide(&txn, row, allow, Some(member_id), now, base_url)
        .await
        .context("read or change who sees a customer's bills")?;
    txn.commit().await.context("read or change who sees a customer's bills")?;
    Ok(())
}

async fn decide(
    db: &impl ConnectionTrait,
    row: access_requests::Model,
    allow: bool,
    decided_by: Option<i32>,
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<(), DbErr> {
    let (account_id, customer_id) = (row.account_id, row.customer_id);
    let order =
        orders::Entity::find().filter(orders::Column::OrderNumber.eq(row.order_number.as_str())).one(db).await?;
    let mut decided: access_requests::ActiveModel = row.into();
    decided.status = Set(if allow { AccessRequestStatus::Approved } else { AccessRequestStatus::Ignored });
    decided.decided_at = Set(Some(now));
    decided.decided_by_account_id = Set(decided_by);
    decided.update(db).await?;
    if let (true, Some(customer_id), Some(order)) = (allow, customer_id, order)
        && insert_link(db, account_id, customer_id, order.id, now).await?
    {
        announce(db, customer_id, account_id, base_url).await?;
    }
    Ok(())
}

/// Whether `account_id` already sees the customer's bills.
pub async fn is_member(db: &impl ConnectionTrait, account_id: i32, customer_id: i32) -> Result<bool, DbErr> {
    Ok(account_customers::Entity::find_by_id((account_id, customer_id)).one(db).await?.is_some())
}

/// Attaches the login to the customer. `true` when it was not attached before.
async fn insert_link(
    db: &impl ConnectionTrait,
    account_id: i32,
    customer_id: i32,
    via_order_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let inserted = account_customers::Entity::insert(account_customers::ActiveModel {
        account_id: Set(account_id),
        customer_id: Set(customer_id),
        via_order_id: Set(Some(via_order_id)),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([account_customers::Column::AccountId, account_customers::Column::CustomerId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}

/// Tells the customer's other active logins that `new_login` now sees its bills.
async fn announce(db: &impl ConnectionTrait, customer_id: i32, new_login: i32, base_url: &str) -> Result<(), DbErr> {
    let Some(customer) = customers::Entity::find_by_id(customer_id).one(db).await? else { return Ok(()) };
    let Some(login) = accounts::Entity::find_by_id(new_login).one(db).await? else { return Ok(()) };
    for member in active_logins(db, customer_id).await? {
        if member.id == new_login {
            continue;
        }
        let Ok(to) = EmailAddress::parse(&member.email) else { continue };
        let email = Email::AccessGranted { customer: &customer.name, login: &login.email };
        enqueue(db, compose(to, MailLanguage::of_account(&member.locale), base_url, &email)).await?;
    }
    Ok(())
}

async fn active_logins(db: &impl ConnectionTrait, customer_id: i32) -> Result<Vec<accounts::Model>, DbErr> {
    let ids: Vec<i32> = account_customers::Entity::find()
        .filter(account_customers::Column::CustomerId.eq(customer_id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.account_id)
        .collect();
    accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(ids))
        .filter(accounts::Column::Status.eq(AccountStatus::Active.code()))
        .order_by_asc(accounts::Column::Email)
        .all(db)
        .await
}

/// A login attached to the customer removes another login (or itself) from it.
pub async fn remove_login(
    db: &DatabaseConnection,
    member_id: i32,
    customer_id: i32,
    login_id: i32,
) -> Result<(), AppError> {
    let txn = begin_write(db).await.context("read or change who sees a customer's bills")?;
    if !is_member(&txn, member_id, customer_id).await.context("read or change who sees a customer's bills")? {
        return Err(AppError::NotFound);
    }
    let removed = account_customers::Entity::delete_many()
        .filter(account_customers::Column::AccountId.eq(login_id))
        .filter(account_customers::Column::CustomerId.eq(customer_id))
        .exec(&txn)
        .await
        .context("read or change who sees a customer's bills")?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    txn.commit().await.context("read or change who sees a customer's bills")?;
    tracing::info!(customer_id, login_id, by = member_id, "a login was removed from a customer");
    Ok(())
}

/// What `/account` shows: per customer of this login, the logins that see its bills and the
/// requests waiting for approval; and this login's own requests still waiting.
pub async fn overview(db: &DatabaseConnection, account_id: i32) -> Result<AccessOverview, AppError> {
    let links = account_customers::Entity::find()
        .filter(account_customers::Column::AccountId.eq(account_id))
        .all(db)
        .await
        .context("read or change who sees a customer's bills")?;
    let mut customers_seen = Vec::new();
    for link in links {
        let Some(customer) = customers::Entity::find_by_id(link.customer_id)
            .one(db)
            .await
            .context("read or change who sees a customer's bills")?
        else {
            continue;
        };
        let logins = active_logins(db, customer.id)
            .await
            .context("read or change who sees a customer's bills")?
            .into_iter()
            .map(|a| LoginOfCustomer { account_id: a.id, email: a.email, is_you: a.id == account_id })
            .collect();
        let waiting = access_requests::Entity::find()
            .filter(access_requests::Column::CustomerId.eq(customer.id))
            .filter(access_requests::Column::Status.eq(AccessRequestStatus::Pending))
            .filter(access_requests::Column::AccountId.ne(account_id))
            .order_by_asc(access_requests::Column::CreatedAt)
            .all(db)
            .await
            .context("read or change who sees a customer's bills")?;
        let mut pending = Vec::new();
        for row in waiting {
            let requester = accounts::Entity::find_by_id(row.account_id)
                .one(db)
                .await
                .context("read or change who sees a customer's bills")?;
            if let Some(requester) = requester.filter(|a| a.status == AccountStatus::Active) {
                pending.push(PendingApproval {
                    request_id: row.id,
                    email: requester.email,
                    order_number: row.order_number,
                    requested: crate::backend::time::format_china_minutes(row.created_at),
                });
            }
        }
        customers_seen.push(CustomerLogins { customer_id: customer.id, name: customer.name, logins, pending });
    }
    Ok(AccessOverview { customers: customers_seen, waiting: waiting(db, account_id).await? })
}

/// The order numbers this login typed that still wait for the buyer's (or a colleague's) yes.
pub async fn waiting(db: &DatabaseConnection, account_id: i32) -> Result<Vec<String>, AppError> {
    let own = access_requests::Entity::find()
        .filter(access_requests::Column::AccountId.eq(account_id))
        .filter(access_requests::Column::Status.eq(AccessRequestStatus::Pending))
        .order_by_asc(access_requests::Column::CreatedAt)
        .all(db)
        .await
        .context("read or change who sees a customer's bills")?;
    Ok(own.into_iter().map(|r| r.order_number).collect())
}

/// Stale requests (never decided within `older_than`) are dropped by the periodic clean-up.
pub async fn forget_undecided_before(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let gone = access_requests::Entity::update_many()
        .col_expr(access_requests::Column::Status, Expr::value(AccessRequestStatus::Ignored))
        .filter(access_requests::Column::Status.eq(AccessRequestStatus::Pending))
        .filter(access_requests::Column::CreatedAt.lt(before))
        .exec(db)
        .await?;
    Ok(gone.rows_affected)
}
