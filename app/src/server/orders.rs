//! Orders arriving from the billing platform. Every newly synced paid order queues the order
//! confirmation email, in the same transaction as the order itself.

use super::outbox::OutgoingEmail;
use crate::domain::{EmailAddress, Fen};

/// The order confirmation email: the order number and the link to register with it.
pub fn confirmation_email(
    to: EmailAddress,
    order_number: &str,
    product: &str,
    amount: Fen,
    base_url: &str,
) -> OutgoingEmail {
    let link = format!("{base_url}/register?order={}", crate::accounts::urlencode(order_number));
    OutgoingEmail {
        to,
        kind: "order_confirmation",
        subject: format!("订单确认：{order_number} / Order confirmation: {order_number}"),
        body_text: format!(
            "您好：\n\n您的订单已付款成功。\n订单号：{order_number}\n产品：{product}\n金额：{amount}\n\n\
             如需开具发票，请使用订单号注册发票管理中心：\n{link}\n\n---\n\n\
             Hello,\n\nYour order has been paid.\nOrder number: {order_number}\nProduct: {product}\nAmount: {amount}\n\n\
             To request a fapiao, register at the Fapiao Center with this order number:\n{link}\n"
        ),
        body_html: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_email_carries_the_order_number_and_a_registration_link() {
        let email = confirmation_email(
            EmailAddress::parse("ap@xinghe.example.cn").unwrap(),
            "MO-20261002-01",
            "Azure",
            Fen::new(760_000),
            "https://fapiao.example.com",
        );
        assert!(email.subject.contains("MO-20261002-01"));
        assert!(email.body_text.contains("https://fapiao.example.com/register?order=MO-20261002-01"));
        assert!(email.body_text.contains("¥7,600.00"));
    }
}
