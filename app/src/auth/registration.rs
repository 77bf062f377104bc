//! Registering with an order number, activating by email link, resending the activation.

use crate::access::service as access;
use crate::backend::db::DbContext;
use crate::backend::emails::{Email, MailLanguage, compose};
use crate::backend::entities::{accounts, orders};
use crate::backend::outbox::enqueue;
use crate::backend::rate_limit;
use crate::backend::transaction::begin_write;
use crate::backend::{passwords, tokens};
use crate::domain::{AccountStatus, EmailAddress, OrderNumber, Password, Role, ValidationError};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Locale;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

pub const ACTIVATION_VALIDITY: Duration = Duration::hours(24);

/// The registration form as typed.
#[derive(Debug, Clone)]
pub struct RegistrationForm {
    pub order_number: String,
    pub email: String,
    pub password: String,
    pub password_again: String,
    /// The claim token of the order confirmation email's link; empty when the number was typed.
    pub claim: String,
}

/// Registrations per client address, and per order number, before `TooManyAttempts`: enough
/// for an office registering its people, too few to try order numbers at random.
pub fn limits(client_ip: &str, order_number: &str) -> [crate::backend::rate_limit::Limit; 2] {
    use crate::backend::rate_limit::Limit;
    [
        Limit::new("register:ip", client_ip, 20, Duration::minutes(10)),
        Limit::new("register:order", order_number, 20, Duration::hours(1)),
    ]
}

struct ValidRegistration {
    order_number: OrderNumber,
    email: EmailAddress,
    password: Password,
}

fn parse(form: &RegistrationForm) -> Result<ValidRegistration, FieldErrors> {
    let mut errors = FieldErrors::new();
    let order_number = OrderNumber::parse(&form.order_number).map_err(|e| errors.insert("order_number".into(), e)).ok();
    let email = EmailAddress::parse(&form.email).map_err(|e| errors.insert("email".into(), e)).ok();
    let password = Password::parse(&form.password).map_err(|e| errors.insert("password".into(), e)).ok();
    if password.is_some() && form.password != form.password_again {
        errors.insert("password_again".into(), ValidationError::PasswordsDiffer);
    }
    match (order_number, email, password) {
        (Some(order_number), Some(email), Some(password)) if errors.is_empty() => {
            Ok(ValidRegistration { order_number, email, password })
        }
        _ => Err(errors),
    }
}

/// Registers a pending account and queues the activation email — or, when the email already
/// has an active account, a notice to that address instead, so the answer on screen never tells
/// whether an email is registered. Through the order confirmation email's claim link the
/// account is attached to the order's customer; with a typed number it asks for access, which
/// the order's buyer email confirms after activation (see `access::service`). Whether a paid
/// order has the typed number is never told: the same answer and the same work either way.
pub async fn register(
    db: &DatabaseConnection,
    form: RegistrationForm,
    client_ip: &str,
    locale: Locale,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<EmailAddress, AppError> {
    let valid = parse(&form).map_err(AppError::Validation)?;
    crate::backend::rate_limit::check(db, &limits(client_ip, valid.order_number.as_ref()), now).await?;

    let order = orders::Entity::find()
        .filter(orders::Column::OrderNumber.eq(valid.order_number.as_ref()))
        .filter(orders::Column::Status.eq("paid"))
        .one(db)
        .await
        .context("register an account")?;

    // Slow hashing before the transaction, so no lock is held meanwhile.
    let password_hash = passwords::hash_off_runtime(valid.password).await?;

    let txn = begin_write(db).await.context("register an account")?;
    let already_active = accounts::Entity::find()
        .filter(crate::accounts::service::with_email(&valid.email))
        .filter(accounts::Column::Status.eq(AccountStatus::Active.code()))
        .one(&txn)
        .await
        .context("register an account")?;
    if let Some(account) = already_active {
        if rate_limit::mail_allowed(&txn, "mail:already_registered", valid.email.as_ref(), now)
            .await
            .context("register an account")?
        {
            let language = MailLanguage::of_account(&account.locale);
            enqueue(&txn, compose(valid.email.clone(), language, base_url, &Email::AlreadyRegistered))
                .await
                .context("register an account")?;
        }
    } else {
        let account = crate::accounts::service::new_row(
            &valid.email,
            password_hash,
            Role::Customer,
            AccountStatus::Pending,
            locale,
            now,
        )
        .insert(&txn)
        .await
        .context("register an account")?;
        let claim = match &order {
            Some(order) => access::claim(&txn, &form.claim, order.id).await.context("register an account")?,
            None => None,
        };
        match (claim, &order) {
            (Some(claim), Some(order)) => {
                access::attach_by_claim(&txn, claim, account.id, order, now).await.context("register an account")?;
            }
            _ => access::request(&txn, account.id, valid.order_number.as_ref(), order.as_ref(), now)
                .await
                .context("register an account")?,
        }
        let token = tokens::issue(&txn, account.id, tokens::ACTIVATION, ACTIVATION_VALIDITY, now)
            .await
            .context("register an account")?;
        // A second registration of the same address within minutes gets the same answer; its
        // link (the newest) goes out with the next allowed mail, or by "resend".
        if rate_limit::mail_allowed(&txn, "mail:activation", valid.email.as_ref(), now)
            .await
            .context("register an account")?
        {
            let email = Email::Activation { token: &token };
            enqueue(&txn, compose(valid.email.clone(), MailLanguage::One(locale), base_url, &email))
                .await
                .context("register an account")?;
        }
    }
    txn.commit().await.context("register an account")?;
    Ok(valid.email)
}

/// How an activation link ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activation {
    Activated,
    /// Expired, used, replaced by a newer link, or never issued.
    Invalid,
}

/// Uses an activation link: single use, within its validity. Another account with the same
/// email that was activated meanwhile wins; this one then stays pending.
pub async fn activate(
    db: &DatabaseConnection,
    token: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<Activation, AppError> {
    let txn = begin_write(db).await.context("activate an account")?;
    let Some(account_id) =
        tokens::consume(&txn, token, tokens::ACTIVATION, now).await.context("activate an account")?
    else {
        return Ok(Activation::Invalid);
    };
    let activated = accounts::Entity::update_many()
        .col_expr(accounts::Column::Status, Expr::value(AccountStatus::Active.code()))
        .col_expr(accounts::Column::ActivatedAt, Expr::value(now))
        .col_expr(accounts::Column::UpdatedAt, Expr::value(now))
        .filter(accounts::Column::Id.eq(account_id))
        .filter(accounts::Column::Status.eq(AccountStatus::Pending.code()))
        .exec(&txn)
        .await;
    match activated {
        Ok(result) if result.rows_affected == 1 => {
            access::on_activation(&txn, account_id, now, base_url).await.context("activate an account")?;
            txn.commit().await.context("activate an account")?;
            Ok(Activation::Activated)
        }
        // The partial unique index refused a second active account for this email.
        Ok(_) | Err(_) => Ok(Activation::Invalid),
    }
}

/// Sends a new activation link to the newest pending account of this email, if any. The
/// answer is the same either way.
pub async fn resend_activation(
    db: &DatabaseConnection,
    email: &str,
    client_ip: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let email = EmailAddress::parse(email).map_err(|e| AppError::field("email", e))?;
    rate_limit::check(db, &[rate_limit::per_address("resend:ip", client_ip)], now).await?;
    let txn = begin_write(db).await.context("resend an activation email")?;
    let pending = accounts::Entity::find()
        .filter(crate::accounts::service::with_email(&email))
        .filter(accounts::Column::Status.eq(AccountStatus::Pending.code()))
        .order_by_desc(accounts::Column::CreatedAt)
        .one(&txn)
        .await
        .context("resend an activation email")?;
    let allowed = pending.is_some()
        && rate_limit::mail_allowed(&txn, "mail:activation", email.as_ref(), now)
            .await
            .context("resend an activation email")?;
    if let Some(account) = pending.filter(|_| allowed) {
        let token = tokens::issue(&txn, account.id, tokens::ACTIVATION, ACTIVATION_VALIDITY, now)
            .await
            .context("resend an activation email")?;
        let language = MailLanguage::of_account(&account.locale);
        enqueue(&txn, compose(email, language, base_url, &Email::Activation { token: &token }))
            .await
            .context("resend an activation email")?;
    }
    txn.commit().await.context("resend an activation email")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(order: &str, email: &str, password: &str, again: &str) -> RegistrationForm {
        RegistrationForm {
            order_number: order.into(),
            email: email.into(),
            password: password.into(),
            password_again: again.into(),
            claim: String::new(),
        }
    }

    #[test]
    fn every_field_error_is_reported_at_once() {
        let errors = parse(&form("", "not-an-email", "short", "short")).err().unwrap();
        assert_eq!(errors.get("order_number"), Some(&ValidationError::Required));
        assert_eq!(errors.get("email"), Some(&ValidationError::BadFormat));
        assert_eq!(errors.get("password"), Some(&ValidationError::TooShort { min: 8 }));
        assert!(!errors.contains_key("password_again"), "no point comparing an invalid password");
    }

    #[test]
    fn differing_passwords_are_refused() {
        let errors = parse(&form("MO-20261001-01", "a@b.cn", "Lanyun-demo-2026", "Lanyun-demo-2025")).err().unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors.get("password_again"), Some(&ValidationError::PasswordsDiffer));
    }
}
