//! Demo data for the embedded product (`make run`): several customers with paid orders,
//! customer logins linked to them, a staff and an admin login. Loading is idempotent: when the
//! demo data is already there nothing is written, so re-running keeps everything.

use anyhow::Context;
use app::backend::emails::{Email, MailLanguage, compose};
use app::backend::entities::orders as order_rows;
use app::backend::entities::{account_customers, customers};
use app::backend::outbox;
use app::backend::passwords;
use app::backend::transaction::begin_write;
use app::domain::{AccountStatus, EmailAddress, Fen, OrderNumber, OrderStatus, Password, Role};
use chrono::{Duration, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// A login printed by `make run`.
pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

pub const LOGINS: &[DemoLogin] = &[
    DemoLogin { role: "customer", email: "finance@lanyun.example.cn", password: "Lanyun-demo-2026" },
    DemoLogin { role: "customer", email: "li.lei@example.cn", password: "Lilei-demo-2026" },
    DemoLogin { role: "staff", email: "staff@fapiao.example.cn", password: "Staff-demo-2026" },
    DemoLogin { role: "admin", email: "admin@fapiao.example.cn", password: "Admin-demo-2026" },
];

struct DemoCustomer {
    external_ref: &'static str,
    name: &'static str,
    buyer_email: &'static str,
    /// (product, amount in fen, status)
    orders: &'static [(&'static str, i64, OrderStatus)],
    login: Option<&'static str>,
}

const M365_E3: &str = "Microsoft 365 E3（由世纪互联运营）";
const M365_BASIC: &str = "Microsoft 365 商业基础版（由世纪互联运营）";
const M365_STANDARD: &str = "Microsoft 365 商业标准版（由世纪互联运营）";
const AZURE: &str = "Azure 云服务（由世纪互联运营）";

const CUSTOMERS: &[DemoCustomer] = &[
    DemoCustomer {
        external_ref: "CUST-1001",
        name: "蓝云科技（上海）有限公司",
        buyer_email: "finance@lanyun.example.cn",
        orders: &[
            (M365_E3, 1_584_000, OrderStatus::Paid),
            (M365_STANDARD, 316_800, OrderStatus::Paid),
            (AZURE, 1_234_567, OrderStatus::Paid),
            (M365_BASIC, 43_200, OrderStatus::Refunded),
            (M365_E3, 792_000, OrderStatus::Paid),
            (M365_STANDARD, 105_600, OrderStatus::Paid),
            (AZURE, 88_850, OrderStatus::Paid),
            (M365_BASIC, 21_600, OrderStatus::Paid),
            (M365_E3, 264_000, OrderStatus::Paid),
            (AZURE, 5_000_000, OrderStatus::Paid),
            (M365_STANDARD, 52_800, OrderStatus::Paid),
            (M365_BASIC, 10_800, OrderStatus::Paid),
        ],
        login: Some("finance@lanyun.example.cn"),
    },
    DemoCustomer {
        external_ref: "CUST-1002",
        name: "北京星河数据服务有限公司",
        buyer_email: "ap@xinghe.example.cn",
        orders: &[(M365_E3, 3_168_000, OrderStatus::Paid), (AZURE, 760_000, OrderStatus::Paid)],
        // No login yet: register with one of its order numbers to try registration.
        login: None,
    },
    DemoCustomer {
        external_ref: "CUST-1003",
        name: "李雷",
        buyer_email: "li.lei@example.cn",
        orders: &[(M365_BASIC, 3_600, OrderStatus::Paid)],
        login: Some("li.lei@example.cn"),
    },
];

/// The order number of a demo order: `MO-2026` + customer + sequence, e.g. `MO-20261001-03`.
fn order_number(external_ref: &str, index: usize) -> OrderNumber {
    let customer = external_ref.trim_start_matches("CUST-");
    OrderNumber::parse(&format!("MO-2026{customer}-{:02}", index + 1)).expect("demo order numbers are valid")
}

/// An order number of the customer without a login, to try registration with.
pub fn unregistered_order_number() -> OrderNumber {
    order_number(CUSTOMERS[1].external_ref, 0)
}

/// Loads the demo data unless it is already there. Returns whether anything was written.
/// New paid orders queue their order confirmation email, as orders from the billing platform do.
pub async fn load(db: &DatabaseConnection, base_url: &str) -> anyhow::Result<bool> {
    let present = customers::Entity::find()
        .filter(customers::Column::ExternalRef.eq(CUSTOMERS[0].external_ref))
        .one(db)
        .await
        .context("Failed to look for the demo data")?
        .is_some();
    if present {
        return Ok(false);
    }

    // Hash first (slow, off the async runtime), write after, in one transaction.
    let mut hashes = Vec::new();
    for login in LOGINS {
        let password = Password::parse(login.password).map_err(|e| anyhow::anyhow!("demo password refused: {e}"))?;
        hashes.push(passwords::hash_off_runtime(password).await.map_err(|e| anyhow::anyhow!("{e}"))?);
    }

    let now = Utc::now();
    let txn = begin_write(db).await.context("Failed to start the demo data transaction")?;
    let mut account_ids = std::collections::HashMap::new();
    for (login, hash) in LOGINS.iter().zip(hashes) {
        let email = EmailAddress::parse(login.email).map_err(|e| anyhow::anyhow!("demo email refused: {e}"))?;
        let role = Role::parse(login.role).map_err(|e| anyhow::anyhow!("demo role refused: {e}"))?;
        let account =
            app::accounts::service::new_row(&email, hash, role, AccountStatus::Active, app::i18n::Locale::zh_CN, now)
                .insert(&txn)
                .await
                .context("Failed to insert a demo account")?;
        account_ids.insert(login.email, account.id);
    }

    for customer in CUSTOMERS {
        let row = customers::ActiveModel {
            external_ref: Set(customer.external_ref.to_owned()),
            name: Set(customer.name.to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .context("Failed to insert a demo customer")?;
        let mut first_order_id = None;
        for (index, (product, amount_fen, status)) in customer.orders.iter().enumerate() {
            // Paid on successive days of October–November 2026, newest last.
            let paid_at = Utc.with_ymd_and_hms(2026, 10, 1, 2, 30, 0).single().expect("a valid date")
                + Duration::days(4 * index as i64)
                + Duration::minutes(17 * index as i64);
            let order = order_rows::ActiveModel {
                order_number: Set(order_number(customer.external_ref, index).to_string()),
                customer_id: Set(row.id),
                product: Set((*product).to_owned()),
                amount_fen: Set(*amount_fen),
                currency: Set("CNY".to_owned()),
                payer_name: Set(customer.name.to_owned()),
                buyer_email: Set(customer.buyer_email.to_owned()),
                status: Set(*status),
                paid_at: Set(Some(paid_at)),
                synced_at: Set(paid_at + Duration::hours(30)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .context("Failed to insert a demo order")?;
            first_order_id.get_or_insert(order.id);
            if *status == OrderStatus::Paid {
                let to = EmailAddress::parse(customer.buyer_email)
                    .map_err(|e| anyhow::anyhow!("demo email refused: {e}"))?;
                let claim = app::access::service::issue_claim(&txn, order.id, now)
                    .await
                    .context("Failed to issue a demo order's claim link")?;
                let email = Email::OrderConfirmation {
                    order_number: &order.order_number,
                    product,
                    amount: Fen::new(*amount_fen),
                    claim: &claim,
                };
                let email = compose(to, MailLanguage::Both, base_url, &email);
                outbox::enqueue(&txn, email).await.context("Failed to queue an order confirmation email")?;
            }
        }
        if let Some(account_id) = customer.login.and_then(|email| account_ids.get(email)) {
            account_customers::ActiveModel {
                account_id: Set(*account_id),
                customer_id: Set(row.id),
                via_order_id: Set(first_order_id),
                created_at: Set(now),
            }
            .insert(&txn)
            .await
            .context("Failed to link a demo account to its customer")?;
        }
    }
    txn.commit().await.context("Failed to commit the demo data")?;
    Ok(true)
}
