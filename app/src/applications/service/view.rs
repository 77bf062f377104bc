//! The customer's view of applications: one, with its issued fapiao and files, and the list.

use super::lookup::callers_application;
use crate::applications::{
    ApplicationSummary, ApplicationView, DeliveryView, FileLink, IssuedView, ReversalView, TimelineEntry,
};
use crate::backend::db::DbContext;
use crate::backend::divisions;
use crate::backend::entities::{
    application_bills, application_events, email_outbox, fapiao_applications, fapiao_deliveries, fapiao_files,
    fapiao_reversals, issued_fapiao, orders,
};
use crate::backend::time::format_china_minutes;
use crate::bills::service::visible_to;
use crate::domain::{Fen, OutboxStatus, TaxRate, TaxedAmount};
use crate::error::AppError;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};

/// The caller's application with this number (the caller must see its bill).
pub async fn view(db: &DatabaseConnection, account_id: i32, number: &str) -> Result<ApplicationView, AppError> {
    let (a, order) = callers_application(db, account_id, number).await?;
    let bill = crate::bills::service::one(db, account_id, &order.order_number).await?;
    view_of(db, a, bill).await
}

/// The view of an application and its bill, for whoever may see them (checked by the caller).
pub async fn view_of(
    db: &impl ConnectionTrait,
    a: fapiao_applications::Model,
    bill: crate::bills::Bill,
) -> Result<ApplicationView, AppError> {
    let events = application_events::Entity::find()
        .filter(application_events::Column::ApplicationId.eq(a.id))
        .order_by_asc(application_events::Column::Id)
        .all(db)
        .await
        .context("work on a fapiao application")?;
    let timeline = events
        .into_iter()
        .map(|e| TimelineEntry { at: format_china_minutes(e.created_at), status: e.to_status, note: e.note })
        .collect();
    let fapiao = issued_view(db, &a).await.context("work on a fapiao application")?;
    let bills = super::lookup::bills_of(db, a.id).await.context("work on a fapiao application")?;
    let reversal = fapiao_reversals::Entity::find()
        .filter(fapiao_reversals::Column::ApplicationId.eq(a.id))
        .order_by_desc(fapiao_reversals::Column::Id)
        .one(db)
        .await
        .context("work on a fapiao application")?
        .map(|r| ReversalView {
            reason: r.reason,
            confirmation_number: r.confirmation_number,
            buyer_must_confirm: r.buyer_must_confirm,
            buyer_confirmed_at: r.buyer_confirmed_at.map(format_china_minutes),
            returned_at: r.returned_at.map(format_china_minutes),
            red_fapiao_number: r.red_fapiao_number,
            red_issue_date: r.red_issue_date.map(|d| d.format("%Y-%m-%d").to_string()),
        });
    let address = a.district_code.as_ref().map(|district| {
        let place = divisions::full_name(
            a.province_code.as_deref().unwrap_or(""),
            a.city_code.as_deref().unwrap_or(""),
            district,
        )
        .unwrap_or_default();
        format!("{place} {}", a.street.clone().unwrap_or_default())
    });
    Ok(ApplicationView {
        status: a.status,
        number: a.application_number,
        bill,
        buyer_type: a.buyer_type,
        fapiao_type: a.fapiao_type,
        medium: a.medium,
        title: a.title,
        taxpayer_id: a.taxpayer_id,
        registered_address: a.registered_address,
        registered_phone: a.registered_phone,
        bank_name: a.bank_name,
        bank_account: a.bank_account,
        remark: a.remark,
        payer_name_differs: a.payer_name_differs,
        delivery_method: a.delivery_method,
        recipient: a.recipient,
        mobile: a.mobile,
        address,
        postal_code: a.postal_code,
        delivery_emails: a.delivery_emails,
        rejection_reason: a.rejection_reason,
        received_at: a.received_at.map(format_china_minutes),
        submitted_at: format_china_minutes(a.submitted_at),
        due_at: format_china_minutes(a.due_at),
        timeline,
        fapiao,
        reversal,
        together: super::lookup::together_view(&bills),
        reissue: super::reissue::latest(db, a.id).await.context("work on a fapiao application")?,
    })
}

/// The latest issued fapiao of an application and its files.
pub async fn issued_view(
    db: &impl ConnectionTrait,
    application: &fapiao_applications::Model,
) -> Result<Option<IssuedView>, DbErr> {
    let Some(issued) = issued_fapiao::Entity::find()
        .filter(issued_fapiao::Column::ApplicationId.eq(application.id))
        .order_by_desc(issued_fapiao::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let files = fapiao_files::Entity::find()
        .filter(fapiao_files::Column::IssuedFapiaoId.eq(issued.id))
        .order_by_asc(fapiao_files::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|f| FileLink {
            id: f.id,
            href: crate::urls::application_file(&application.application_number, f.id),
            kind: f.kind,
            file_name: f.file_name,
            size_bytes: f.size_bytes,
        })
        .collect();
    let taxed = issued_taxed(&issued);
    let deliveries = deliveries_of(db, issued.id).await?;
    Ok(Some(IssuedView {
        code: issued.fapiao_code,
        number: issued.fapiao_number,
        issue_date: issued.issue_date.format("%Y-%m-%d").to_string(),
        amount: taxed.total.to_string(),
        tax_rate: taxed.rate.to_string(),
        tax: taxed.tax.to_string(),
        courier: issued.courier,
        tracking_number: issued.tracking_number,
        reversed: issued.reversed_at.is_some(),
        files,
        deliveries,
    }))
}

/// 价税合计, 税率 and 税额 as issued (a fapiao issued before they were recorded: at 6 %).
pub fn issued_taxed(issued: &issued_fapiao::Model) -> TaxedAmount {
    let rate = issued
        .tax_rate_percent
        .and_then(|p| u8::try_from(p).ok())
        .and_then(|p| TaxRate::new(p).ok())
        .unwrap_or_default();
    let computed = TaxedAmount::from_total(Fen::new(issued.amount_fen), rate);
    TaxedAmount { tax: issued.tax_fen.map_or(computed.tax, Fen::new), ..computed }
}

pub async fn list(db: &DatabaseConnection, account_id: i32) -> Result<Vec<ApplicationSummary>, AppError> {
    let rows = fapiao_applications::Entity::find()
        .filter(
            fapiao_applications::Column::OrderId
                .in_subquery(visible_to(account_id).select_only().column(orders::Column::Id).into_query()),
        )
        .find_also_related(orders::Entity)
        .order_by_desc(fapiao_applications::Column::Id)
        .limit(200)
        .all(db)
        .await
        .context("work on a fapiao application")?;
    let ids: Vec<i32> = rows.iter().map(|(a, _)| a.id).collect();
    let counts: Vec<(i32, i64)> = application_bills::Entity::find()
        .select_only()
        .column(application_bills::Column::ApplicationId)
        .column_as(application_bills::Column::Id.count(), "bills")
        .filter(application_bills::Column::ApplicationId.is_in(ids))
        .group_by(application_bills::Column::ApplicationId)
        .into_tuple()
        .all(db)
        .await
        .context("count the bills of the applications")?;
    let bills_of = |id: i32| counts.iter().find(|(a, _)| *a == id).map_or(1, |(_, n)| usize::try_from(*n).unwrap_or(1));
    Ok(rows
        .into_iter()
        .map(|(a, order)| ApplicationSummary {
            status: a.status,
            bill_count: bills_of(a.id),
            number: a.application_number,
            order_number: order.map(|o| o.order_number).unwrap_or_default(),
            title: a.title,
            submitted_at: format_china_minutes(a.submitted_at),
        })
        .collect())
}

/// Each sending of the fapiao and where its email stands, oldest first.
pub(crate) async fn deliveries_of(db: &impl ConnectionTrait, issued_id: i32) -> Result<Vec<DeliveryView>, DbErr> {
    let rows = fapiao_deliveries::Entity::find()
        .filter(fapiao_deliveries::Column::IssuedFapiaoId.eq(issued_id))
        .order_by_asc(fapiao_deliveries::Column::Id)
        .all(db)
        .await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let outbox = match row.outbox_id {
            Some(id) => email_outbox::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        // The clean-up removes sent emails only: a delivery without its row was sent.
        let state = outbox.as_ref().map_or(OutboxStatus::Sent, |o| o.status);
        let at = outbox.and_then(|o| o.sent_at).unwrap_or(row.created_at);
        views.push(DeliveryView {
            to: row.to_address,
            state,
            at: format_china_minutes(at),
            by_link: row.link_token_hash.is_some(),
        });
    }
    Ok(views)
}
