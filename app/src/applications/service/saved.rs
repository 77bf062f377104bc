//! Titles and addresses the account saved for reuse: filling the form from them, saving them
//! when an application is confirmed.

use crate::applications::form::ApplicationForm;
use crate::backend::db::DbContext;
use crate::backend::entities::{fapiao_applications, saved_addresses, saved_titles};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};

pub(super) async fn fill_saved_title(
    db: &impl ConnectionTrait,
    account_id: i32,
    id: &str,
    form: &mut ApplicationForm,
) -> Result<(), AppError> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let saved = saved_titles::Entity::find_by_id(id)
        .filter(saved_titles::Column::AccountId.eq(account_id))
        .one(db)
        .await
        .context("work on a fapiao application")?
        .ok_or(AppError::NotFound)?;
    fill_from_title(form, saved);
    Ok(())
}

/// The title fields of `form` from a saved title.
pub(super) fn fill_from_title(form: &mut ApplicationForm, saved: saved_titles::Model) {
    let text = |v: Option<String>| v.unwrap_or_default();
    form.buyer_type = saved.buyer_type.code().to_owned();
    form.title = saved.title;
    form.taxpayer_id = text(saved.taxpayer_id);
    form.registered_address = text(saved.registered_address);
    form.registered_phone = text(saved.registered_phone);
    form.bank_name = text(saved.bank_name);
    form.bank_account = text(saved.bank_account);
}

/// The address fields of `form` from a saved address.
pub(super) fn fill_from_address(form: &mut ApplicationForm, saved: saved_addresses::Model) {
    form.recipient = saved.recipient;
    form.mobile = saved.mobile;
    form.province = saved.province_code;
    form.city = saved.city_code;
    form.district = saved.district_code;
    form.street = saved.street;
    form.postal_code = saved.postal_code;
}

pub(super) async fn fill_saved_address(
    db: &impl ConnectionTrait,
    account_id: i32,
    id: &str,
    form: &mut ApplicationForm,
) -> Result<(), AppError> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let saved = saved_addresses::Entity::find_by_id(id)
        .filter(saved_addresses::Column::AccountId.eq(account_id))
        .one(db)
        .await
        .context("work on a fapiao application")?
        .ok_or(AppError::NotFound)?;
    fill_from_address(form, saved);
    Ok(())
}

/// Whether the account's book (`count` entries) has room for one more (`books::BOOK_LIMIT`);
/// a full book keeps what it has and the application's entry is not added.
fn has_room(count: u64) -> bool {
    (count as usize) < crate::books::BOOK_LIMIT
}

pub(super) async fn save_title(
    db: &impl ConnectionTrait,
    account_id: i32,
    a: &fapiao_applications::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // One saved entry per title, however it was typed (`（上海）` or `(上海)`): saving it
    // again replaces the entry, with the text as typed this time.
    let comparable = crate::domain::comparable(&a.title);
    let same: Vec<i32> = saved_titles::Entity::find()
        .filter(saved_titles::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .filter(|t| crate::domain::comparable(&t.title) == comparable)
        .map(|t| t.id)
        .collect();
    // The entry it replaces keeps its place as the default.
    let was_default = saved_titles::Entity::find()
        .filter(saved_titles::Column::Id.is_in(same.clone()))
        .filter(saved_titles::Column::IsDefault.eq(true))
        .count(db)
        .await?
        > 0;
    if !same.is_empty() {
        saved_titles::Entity::delete_many().filter(saved_titles::Column::Id.is_in(same)).exec(db).await?;
    }
    let held = saved_titles::Entity::find().filter(saved_titles::Column::AccountId.eq(account_id)).count(db).await?;
    if !has_room(held) {
        return Ok(());
    }
    saved_titles::ActiveModel {
        is_default: Set(was_default),
        account_id: Set(account_id),
        fapiao_type: Set(a.fapiao_type),
        buyer_type: Set(a.buyer_type),
        title: Set(a.title.clone()),
        taxpayer_id: Set(a.taxpayer_id.clone()),
        registered_address: Set(a.registered_address.clone()),
        registered_phone: Set(a.registered_phone.clone()),
        bank_name: Set(a.bank_name.clone()),
        bank_account: Set(a.bank_account.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

pub(super) async fn save_address(
    db: &impl ConnectionTrait,
    account_id: i32,
    a: &fapiao_applications::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let held =
        saved_addresses::Entity::find().filter(saved_addresses::Column::AccountId.eq(account_id)).count(db).await?;
    if !has_room(held) {
        return Ok(());
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    saved_addresses::ActiveModel {
        is_default: Set(false),
        account_id: Set(account_id),
        recipient: Set(text(&a.recipient)),
        mobile: Set(text(&a.mobile)),
        province_code: Set(text(&a.province_code)),
        city_code: Set(text(&a.city_code)),
        district_code: Set(text(&a.district_code)),
        street: Set(text(&a.street)),
        postal_code: Set(text(&a.postal_code)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}
