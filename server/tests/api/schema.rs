use crate::helpers::{backend_name, spawn_app};
use app::domain::ApplicationStatus;
use sea_orm::{ConnectionTrait, DbErr, Statement};

async fn exec(db: &sea_orm::DatabaseConnection, sql: &str) -> Result<(), DbErr> {
    db.execute(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.map(|_| ())
}

const NOW: &str = "'2026-11-24T08:00:00+00:00'";

/// A customer, an order and an account to hang applications on.
async fn seed(db: &sea_orm::DatabaseConnection) {
    exec(db, &format!("INSERT INTO customers (id, external_ref, name, created_at) VALUES (1, 'C1', '蓝云', {NOW})"))
        .await
        .unwrap();
    exec(
        db,
        &format!(
            "INSERT INTO orders (id, order_number, customer_id, product, amount_fen, currency, payer_name, buyer_email, status, paid_at, synced_at, created_at, updated_at) \
             VALUES (1, 'MO-1', 1, 'M365', 100, 'CNY', '蓝云', 'a@b.cn', 'paid', {NOW}, {NOW}, {NOW}, {NOW})"
        ),
    )
    .await
    .unwrap();
    exec(
        db,
        &format!(
            "INSERT INTO accounts (id, email, password_hash, role, status, locale, created_at, updated_at) \
             VALUES (1, 'a@b.cn', 'x', 'customer', 'active', 'zh-CN', {NOW}, {NOW})"
        ),
    )
    .await
    .unwrap();
}

async fn insert_application(
    db: &sea_orm::DatabaseConnection,
    number: &str,
    status: ApplicationStatus,
) -> Result<(), DbErr> {
    exec(
        db,
        &format!(
            "INSERT INTO fapiao_applications (application_number, order_id, account_id, status, version, fapiao_type, medium, title, payer_name_differs, delivery_method, submitted_at, due_at, created_at, updated_at) \
             VALUES ('{number}', 1, 1, '{}', 1, 'general', 'electronic', '蓝云', false, 'email', {NOW}, {NOW}, {NOW}, {NOW})",
            status.code()
        ),
    )
    .await
}

#[tokio::test]
async fn the_database_allows_one_active_application_per_bill() {
    let app = spawn_app().await;
    seed(&app.db).await;
    insert_application(&app.db, "A-1", ApplicationStatus::Submitted).await.unwrap();
    let second = insert_application(&app.db, "A-2", ApplicationStatus::Submitted).await;
    assert!(second.is_err(), "a second active application for the same bill must be refused ({})", backend_name());

    // Once the first is reversed (红冲) the bill is free again.
    exec(&app.db, "UPDATE fapiao_applications SET status = 'reversed' WHERE application_number = 'A-1'").await.unwrap();
    insert_application(&app.db, "A-3", ApplicationStatus::Submitted).await.unwrap();
}

#[tokio::test]
async fn the_partial_index_matches_the_domain_rule_for_every_status() {
    let app = spawn_app().await;
    seed(&app.db).await;
    for (i, status) in ApplicationStatus::ALL.iter().enumerate() {
        exec(&app.db, "DELETE FROM fapiao_applications").await.unwrap();
        insert_application(&app.db, &format!("X-{i}"), *status).await.unwrap();
        let another = insert_application(&app.db, &format!("Y-{i}"), ApplicationStatus::Submitted).await;
        assert_eq!(
            another.is_err(),
            status.is_active(),
            "status {status:?}: database and ApplicationStatus::is_active disagree"
        );
    }
}

#[tokio::test]
async fn pending_accounts_never_block_but_two_active_accounts_cannot_share_an_email() {
    let app = spawn_app().await;
    seed(&app.db).await;
    let account = |id: i32, status: &str| {
        format!(
            "INSERT INTO accounts (id, email, password_hash, role, status, locale, created_at, updated_at) \
             VALUES ({id}, 'a@b.cn', 'x', 'customer', '{status}', 'zh-CN', {NOW}, {NOW})"
        )
    };
    exec(&app.db, &account(2, "pending")).await.unwrap();
    exec(&app.db, &account(3, "pending")).await.unwrap();
    assert!(exec(&app.db, &account(4, "active")).await.is_err());
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    let app = spawn_app().await;
    let orphan = exec(
        &app.db,
        &format!(
            "INSERT INTO orders (order_number, customer_id, product, amount_fen, currency, payer_name, buyer_email, status, synced_at, created_at, updated_at) \
             VALUES ('MO-X', 999, 'M365', 1, 'CNY', 'x', 'a@b.cn', 'paid', {NOW}, {NOW}, {NOW})"
        ),
    )
    .await;
    assert!(orphan.is_err(), "an order of an unknown customer must be refused ({})", backend_name());
}

#[tokio::test]
async fn order_numbers_are_unique() {
    let app = spawn_app().await;
    seed(&app.db).await;
    let duplicate = exec(
        &app.db,
        &format!(
            "INSERT INTO orders (order_number, customer_id, product, amount_fen, currency, payer_name, buyer_email, status, synced_at, created_at, updated_at) \
             VALUES ('MO-1', 1, 'M365', 1, 'CNY', 'x', 'a@b.cn', 'paid', {NOW}, {NOW}, {NOW})"
        ),
    )
    .await;
    assert!(duplicate.is_err());
}

#[tokio::test]
async fn demo_data_loads_once_and_a_second_load_changes_nothing() {
    let app = spawn_app().await;
    assert!(server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap());
    let count = |table: &'static str| {
        let db = app.db.clone();
        async move {
            let row = db
                .query_one(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT COUNT(*) AS n FROM {table}"),
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        }
    };
    let (customers, orders, accounts) = (count("customers").await, count("orders").await, count("accounts").await);
    assert!(customers >= 3 && orders >= 10 && accounts >= 4);
    assert!(!server::demo::load(&app.db, "http://127.0.0.1:3000").await.unwrap());
    assert_eq!(
        (count("customers").await, count("orders").await, count("accounts").await),
        (customers, orders, accounts)
    );
    let staff = app
        .db
        .query_one(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT password_hash FROM accounts WHERE role = 'staff'".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    let hash: String = staff.try_get("", "password_hash").unwrap();
    assert!(app::backend::passwords::verify("Staff-demo-2026", &hash), "the printed staff login works");
    let _ = app.is_postgres();
}

/// Reads every entity from its migrated table: each column of the hand-written entity must
/// exist, and every stored value (demo data fills most tables) must read as the entity's type —
/// a coded enum only reads a known code. A new entity file that is not listed here fails too.
#[tokio::test]
async fn every_entity_reads_its_migrated_table() {
    use app::backend::entities::*;
    use sea_orm::EntityTrait;
    let app = crate::helpers::spawn_app_with_demo().await;
    let db = &app.db;
    macro_rules! read_each {
        ($($entity:ident),+ $(,)?) => {{
            let mut names = Vec::new();
            $(
                let rows = $entity::Entity::find().all(db).await;
                assert!(rows.is_ok(), "{} on {}: {:?}", stringify!($entity), backend_name(), rows.err());
                names.push(stringify!($entity));
            )+
            names
        }};
    }
    let listed = read_each!(
        access_requests,
        access_tokens,
        account_customers,
        accounts,
        announcements,
        application_bills,
        application_drafts,
        application_events,
        audit_log,
        bill_selections,
        billing_deliveries,
        calendar_days,
        customers,
        email_outbox,
        email_tokens,
        fapiao_applications,
        fapiao_deliveries,
        fapiao_files,
        fapiao_reversals,
        idempotency_keys,
        issued_fapiao,
        login_attempts,
        order_claims,
        orders,
        rate_limit_hits,
        reissue_requests,
        saved_addresses,
        saved_titles,
        sessions,
        settings,
        support_messages,
        support_requests,
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/backend/entities");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_owned))
        .filter(|name| name != "mod")
        .collect();
    files.sort();
    assert_eq!(files, listed, "every entity file is read above");
}

#[tokio::test]
async fn an_unknown_stored_code_is_an_error_not_a_default() {
    use app::backend::entities::orders;
    use sea_orm::EntityTrait;
    let app = spawn_app().await;
    seed(&app.db).await;
    exec(&app.db, "UPDATE orders SET status = 'chargeback' WHERE id = 1").await.unwrap();
    let read = orders::Entity::find_by_id(1).one(&app.db).await;
    let error = read.expect_err("an order in an unknown status does not read").to_string();
    assert!(error.contains("unknown OrderStatus code \"chargeback\""), "{error}");
}
