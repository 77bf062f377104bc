//! The books in the database: listing, one entry, saving a title (within `BOOK_LIMIT`),
//! deleting, marking the default (one per account, held by a unique index).

use super::types::{AddressEditor, AddressEntry, AddressInput, BOOK_LIMIT, TitleEntry, TitleInput};
use crate::backend::db::DbContext;
use crate::backend::divisions;
use crate::backend::entities::{accounts, saved_addresses, saved_titles};
use crate::backend::transaction::begin_write;
use crate::domain::{BuyerType, ValidationError};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// Holds the account's row until the transaction ends, so that the book writes of one account
/// happen one after the other on PostgreSQL (two tabs adding the 50th entry, or marking two
/// defaults, at once). SQLite's write transaction (`begin_write`) already does.
async fn one_writer_per_account(txn: &impl ConnectionTrait, account_id: i32) -> Result<(), AppError> {
    accounts::Entity::find_by_id(account_id).lock_exclusive().one(txn).await.context("lock an account's books")?;
    Ok(())
}

/// Which book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    Titles,
    Addresses,
}

fn entry_of(t: saved_titles::Model) -> TitleEntry {
    let text = |v: Option<String>| v.unwrap_or_default();
    TitleEntry {
        id: t.id,
        is_default: t.is_default,
        input: TitleInput {
            buyer_type: t.buyer_type.code().to_owned(),
            title: t.title,
            taxpayer_id: text(t.taxpayer_id),
            registered_address: text(t.registered_address),
            registered_phone: text(t.registered_phone),
            bank_name: text(t.bank_name),
            bank_account: text(t.bank_account),
        },
    }
}

/// The account's saved titles, the default first, then the most recently saved.
pub async fn title_rows(db: &impl ConnectionTrait, account_id: i32) -> Result<Vec<saved_titles::Model>, AppError> {
    saved_titles::Entity::find()
        .filter(saved_titles::Column::AccountId.eq(account_id))
        .order_by_desc(saved_titles::Column::IsDefault)
        .order_by_desc(saved_titles::Column::UpdatedAt)
        .order_by_desc(saved_titles::Column::Id)
        .all(db)
        .await
        .context("read the title book")
}

/// The account's saved addresses, the default first, then the most recently saved.
pub async fn address_rows(db: &impl ConnectionTrait, account_id: i32) -> Result<Vec<saved_addresses::Model>, AppError> {
    saved_addresses::Entity::find()
        .filter(saved_addresses::Column::AccountId.eq(account_id))
        .order_by_desc(saved_addresses::Column::IsDefault)
        .order_by_desc(saved_addresses::Column::UpdatedAt)
        .order_by_desc(saved_addresses::Column::Id)
        .all(db)
        .await
        .context("read the address book")
}

/// `上海市 市辖区 浦东新区 张江路 88 号`.
pub fn address_line(a: &saved_addresses::Model) -> String {
    let place = divisions::full_name(&a.province_code, &a.city_code, &a.district_code).unwrap_or_default();
    format!("{place} {}", a.street).trim().to_owned()
}

pub async fn titles(db: &DatabaseConnection, account_id: i32) -> Result<Vec<TitleEntry>, AppError> {
    Ok(title_rows(db, account_id).await?.into_iter().map(entry_of).collect())
}

pub async fn title(db: &DatabaseConnection, account_id: i32, id: i32) -> Result<TitleEntry, AppError> {
    saved_titles::Entity::find_by_id(id)
        .filter(saved_titles::Column::AccountId.eq(account_id))
        .one(db)
        .await
        .context("read the title book")?
        .map(entry_of)
        .ok_or(AppError::NotFound)
}

pub async fn addresses(db: &DatabaseConnection, account_id: i32) -> Result<Vec<AddressEntry>, AppError> {
    Ok(address_rows(db, account_id)
        .await?
        .into_iter()
        .map(|a| AddressEntry {
            id: a.id,
            address: address_line(&a),
            recipient: a.recipient,
            mobile: a.mobile,
            postal_code: a.postal_code,
            is_default: a.is_default,
        })
        .collect())
}

/// Adds (`id` absent) or changes a title, checked as the application form checks step 2. A new
/// title beyond `BOOK_LIMIT` is refused (`TooMany` on the title); another account's entry is
/// `NotFound`.
pub async fn save_title(
    db: &DatabaseConnection,
    account_id: i32,
    id: Option<i32>,
    input: &TitleInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let errors = input.check();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let buyer_type = BuyerType::parse(input.buyer_type.trim()).map_err(|e| AppError::field("buyer_type", e))?;
    let optional = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let txn = begin_write(db).await.context("save a title")?;
    one_writer_per_account(&txn, account_id).await?;
    let mut row = match id {
        Some(id) => {
            let existing = saved_titles::Entity::find_by_id(id)
                .filter(saved_titles::Column::AccountId.eq(account_id))
                .one(&txn)
                .await
                .context("save a title")?
                .ok_or(AppError::NotFound)?;
            saved_titles::ActiveModel::from(existing)
        }
        None => {
            let held = saved_titles::Entity::find()
                .filter(saved_titles::Column::AccountId.eq(account_id))
                .count(&txn)
                .await
                .context("save a title")?;
            if held as usize >= BOOK_LIMIT {
                return Err(AppError::field("title", ValidationError::TooMany { max: BOOK_LIMIT }));
            }
            saved_titles::ActiveModel {
                account_id: Set(account_id),
                created_at: Set(now),
                is_default: Set(false),
                ..Default::default()
            }
        }
    };
    row.fapiao_type = Set(input.fapiao_type());
    row.buyer_type = Set(buyer_type);
    row.title = Set(input.title.trim().to_owned());
    row.taxpayer_id = Set(optional(&input.taxpayer_id));
    row.registered_address = Set(optional(&input.registered_address));
    row.registered_phone = Set(optional(&input.registered_phone));
    row.bank_name = Set(optional(&input.bank_name));
    row.bank_account = Set(optional(&input.bank_account));
    row.updated_at = Set(now);
    row.save(&txn).await.context("save a title")?;
    txn.commit().await.context("save a title")?;
    Ok(())
}

/// The form of an address: `typed` (the form sent back to refresh its selects), else the
/// entry `id` (another account's is `NotFound`), else an empty one; with its selects' options.
pub async fn address_form(
    db: &DatabaseConnection,
    account_id: i32,
    id: Option<i32>,
    typed: Option<AddressInput>,
) -> Result<AddressEditor, AppError> {
    let input = match (typed, id) {
        (Some(typed), _) => typed,
        (None, Some(id)) => {
            let row = saved_addresses::Entity::find_by_id(id)
                .filter(saved_addresses::Column::AccountId.eq(account_id))
                .one(db)
                .await
                .context("read an address")?
                .ok_or(AppError::NotFound)?;
            AddressInput {
                recipient: row.recipient,
                mobile: row.mobile,
                province: row.province_code,
                city: row.city_code,
                district: row.district_code,
                street: row.street,
                postal_code: row.postal_code,
            }
        }
        (None, None) => AddressInput::default(),
    };
    let divisions = crate::applications::service::division_options(&input.province, &input.city);
    Ok(AddressEditor { id, input, divisions })
}

/// Adds (`id` absent) or changes an address, checked as the application form checks a
/// courier address (step 3, the division codes' chain included). A new address beyond
/// `BOOK_LIMIT` is refused (`TooMany` on the recipient); another account's entry is `NotFound`.
pub async fn save_address(
    db: &DatabaseConnection,
    account_id: i32,
    id: Option<i32>,
    input: &AddressInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut errors = input.check();
    crate::applications::service::check_divisions(&input.as_form(), &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let txn = begin_write(db).await.context("save an address")?;
    one_writer_per_account(&txn, account_id).await?;
    let mut row = match id {
        Some(id) => {
            let existing = saved_addresses::Entity::find_by_id(id)
                .filter(saved_addresses::Column::AccountId.eq(account_id))
                .one(&txn)
                .await
                .context("save an address")?
                .ok_or(AppError::NotFound)?;
            saved_addresses::ActiveModel::from(existing)
        }
        None => {
            let held = saved_addresses::Entity::find()
                .filter(saved_addresses::Column::AccountId.eq(account_id))
                .count(&txn)
                .await
                .context("save an address")?;
            if held as usize >= BOOK_LIMIT {
                return Err(AppError::field("recipient", ValidationError::TooMany { max: BOOK_LIMIT }));
            }
            saved_addresses::ActiveModel {
                account_id: Set(account_id),
                created_at: Set(now),
                is_default: Set(false),
                ..Default::default()
            }
        }
    };
    row.recipient = Set(input.recipient.trim().to_owned());
    row.mobile = Set(input.mobile.trim().to_owned());
    row.province_code = Set(input.province.trim().to_owned());
    row.city_code = Set(input.city.trim().to_owned());
    row.district_code = Set(input.district.trim().to_owned());
    row.street = Set(input.street.trim().to_owned());
    row.postal_code = Set(input.postal_code.trim().to_owned());
    row.updated_at = Set(now);
    row.save(&txn).await.context("save an address")?;
    txn.commit().await.context("save an address")?;
    Ok(())
}

/// Deletes an entry of the account's book (another account's is `NotFound`).
pub async fn delete(db: &DatabaseConnection, book: Book, account_id: i32, id: i32) -> Result<(), AppError> {
    let deleted = match book {
        Book::Titles => {
            saved_titles::Entity::delete_many()
                .filter(saved_titles::Column::Id.eq(id))
                .filter(saved_titles::Column::AccountId.eq(account_id))
                .exec(db)
                .await
        }
        Book::Addresses => {
            saved_addresses::Entity::delete_many()
                .filter(saved_addresses::Column::Id.eq(id))
                .filter(saved_addresses::Column::AccountId.eq(account_id))
                .exec(db)
                .await
        }
    }
    .context("delete a book entry")?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Makes an entry the book's default, in one transaction: the previous default stops being it
/// first, so the unique index (one default per account) always holds.
pub async fn make_default(db: &DatabaseConnection, book: Book, account_id: i32, id: i32) -> Result<(), AppError> {
    let txn = begin_write(db).await.context("choose a default")?;
    one_writer_per_account(&txn, account_id).await?;
    let changed = match book {
        Book::Titles => {
            saved_titles::Entity::update_many()
                .col_expr(saved_titles::Column::IsDefault, Expr::value(false))
                .filter(saved_titles::Column::AccountId.eq(account_id))
                .filter(saved_titles::Column::IsDefault.eq(true))
                .exec(&txn)
                .await
                .context("choose a default")?;
            saved_titles::Entity::update_many()
                .col_expr(saved_titles::Column::IsDefault, Expr::value(true))
                .filter(saved_titles::Column::Id.eq(id))
                .filter(saved_titles::Column::AccountId.eq(account_id))
                .exec(&txn)
                .await
        }
        Book::Addresses => {
            saved_addresses::Entity::update_many()
                .col_expr(saved_addresses::Column::IsDefault, Expr::value(false))
                .filter(saved_addresses::Column::AccountId.eq(account_id))
                .filter(saved_addresses::Column::IsDefault.eq(true))
                .exec(&txn)
                .await
                .context("choose a default")?;
            saved_addresses::Entity::update_many()
                .col_expr(saved_addresses::Column::IsDefault, Expr::value(true))
                .filter(saved_addresses::Column::Id.eq(id))
                .filter(saved_addresses::Column::AccountId.eq(account_id))
                .exec(&txn)
                .await
        }
    }
    .context("choose a default")?;
    if changed.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    txn.commit().await.context("choose a default")?;
    Ok(())
}
