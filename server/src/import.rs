//! `server import-orders <file>`: orders from a JSON or CSV file, through the same checks and
//! the same storage as the billing webhook (`app::bills::order_sync`).
//!
//! JSON: `{"orders": [...]}` or a bare array, fields as in the webhook. CSV: a header row with
//! the same field names (`order_number,customer_ref,customer_name,product,amount_fen,currency,
//! payer_name,buyer_email,status,paid_at`), `currency` optional, `paid_at` RFC 3339 or empty.

use anyhow::{Context, bail};
use app::bills::order_sync::IncomingOrder;
use std::path::Path;

/// Reads the orders of a file; the format follows the extension (`.json` or `.csv`).
pub fn read_orders(path: &Path) -> anyhow::Result<Vec<IncomingOrder>> {
    let bytes = std::fs::read(path).with_context(|| format!("Failed to read {}", path.display()))?;
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => parse_json(&bytes),
        Some("csv") => parse_csv(&bytes),
        _ => bail!("{} is neither .json nor .csv", path.display()),
    }
}

pub fn parse_json(bytes: &[u8]) -> anyhow::Result<Vec<IncomingOrder>> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Batch { orders: Vec<IncomingOrder> },
        List(Vec<IncomingOrder>),
    }
    match serde_json::from_slice(bytes).context("The file is not a JSON list of orders")? {
        Shape::Batch { orders } | Shape::List(orders) => Ok(orders),
    }
}

pub fn parse_csv(bytes: &[u8]) -> anyhow::Result<Vec<IncomingOrder>> {
    // Excel saves UTF-8 CSV with a byte-order mark.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
    let headers = reader.headers().context("The CSV file has no header row")?.clone();
    let mut orders = Vec::new();
    for (index, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("CSV row {} cannot be read", index + 2))?;
        let mut object = serde_json::Map::new();
        for (name, value) in headers.iter().zip(row.iter()) {
            let value = match name {
                "amount_fen" => serde_json::Value::from(
                    value.parse::<i64>().with_context(|| format!("CSV row {}: amount_fen {value:?}", index + 2))?,
                ),
                "paid_at" | "currency" if value.is_empty() => continue,
                _ => serde_json::Value::from(value),
            };
            object.insert(name.to_owned(), value);
        }
        let order = serde_json::from_value(object.into()).with_context(|| format!("CSV row {}", index + 2))?;
        orders.push(order);
    }
    Ok(orders)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_a_byte_order_mark_and_optional_columns() {
        let csv = "\u{FEFF}order_number,customer_ref,customer_name,product,amount_fen,payer_name,buyer_email,status,paid_at\n\
                   MO-20261201-01, CUST-9, 北辰, Azure, 1200, 北辰, a@b.cn, paid, 2026-12-01T02:00:00Z\n\
                   MO-20261201-02,CUST-9,北辰,Azure,1300,北辰,a@b.cn,pending,\n";
        let orders = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(orders.len(), 2);
        assert_eq!(orders[0].customer_name, "北辰");
        assert_eq!(orders[0].currency, "CNY");
        assert!(orders[1].paid_at.is_none());
    }

    #[test]
    fn json_as_a_batch_or_a_list_and_bad_files_are_explained() {
        let one = r#"{"order_number":"MO-1","customer_ref":"C","customer_name":"N","product":"P","amount_fen":1,
                     "payer_name":"N","buyer_email":"a@b.cn","status":"pending"}"#;
        assert_eq!(parse_json(format!("[{one}]").as_bytes()).unwrap().len(), 1);
        assert_eq!(parse_json(format!("{{\"orders\":[{one}]}}").as_bytes()).unwrap().len(), 1);
        assert!(parse_json(b"{\"orders\": 3}").is_err());
        assert!(parse_csv(b"order_number,amount_fen\nMO-1,abc\n").unwrap_err().to_string().contains("amount_fen"));
    }
}
