//! The copy of every email, in both languages. Add an email: a variant, its `kind`, and its
//! text in `write`.

use super::message::{Block, Message};
use crate::domain::{ApplicationStatus, Fen};
use crate::i18n::Locale;

/// An email and what it needs to say. Links are built here from the public base URL.
#[derive(Debug, Clone)]
pub enum Email<'a> {
    /// A newly paid order: its number and the link to register with it, which carries the
    /// order's claim token (attaching the order at once: only its buyer has this email).
    OrderConfirmation {
        order_number: &'a str,
        product: &'a str,
        amount: Fen,
        claim: &'a str,
    },
    /// To an order's buyer email: a login typed the order number and asks to see the bills.
    AccessRequest {
        customer: &'a str,
        login: &'a str,
        order_number: &'a str,
        token: &'a str,
    },
    /// To the logins that already see a customer's bills: another one now does too.
    AccessGranted {
        customer: &'a str,
        login: &'a str,
    },
    Activation {
        token: &'a str,
    },
    /// Someone registered again with an address that already has an account.
    AlreadyRegistered,
    PasswordReset {
        token: &'a str,
    },
    /// A new staff or admin account: set a password through the link.
    StaffInvitation {
        token: &'a str,
    },
    /// To the new address: confirm it.
    EmailChangeConfirm {
        old_email: &'a str,
        token: &'a str,
    },
    /// To the old address: a change was asked for.
    EmailChangeNotice {
        new_email: &'a str,
    },
    ApplicationSubmitted {
        number: &'a str,
        order_number: &'a str,
        /// 价税合计, 税率 and 税额 of the bill.
        taxed: crate::domain::TaxedAmount,
        title: &'a str,
        /// Asia/Shanghai, `2026-11-26 18:00`.
        due: &'a str,
    },
    /// An issued e-fapiao, to one of the addresses the customer gave: its facts and its files,
    /// attached, or (`link`) a download link when they are too large to attach.
    FapiaoIssued {
        number: &'a str,
        fapiao_number: &'a str,
        /// `2026-11-30`.
        issue_date: &'a str,
        taxed: crate::domain::TaxedAmount,
        buyer: &'a str,
        /// The orders the fapiao is for, `MO-1, MO-2`.
        order_numbers: &'a str,
        kind: (crate::domain::FapiaoType, crate::domain::Medium),
        /// File names, `fapiao.pdf (35 KB)`.
        files: &'a [String],
        link: Option<&'a str>,
    },
    /// The service center moved the application on; `note` is what staff wrote.
    ApplicationStatus {
        number: &'a str,
        status: ApplicationStatus,
        note: Option<&'a str>,
    },
    SupportReply {
        request_number: &'a str,
        subject: &'a str,
        reply: &'a str,
    },
}

impl Email<'_> {
    /// What the email is for, stored with it (dev mailbox, logs, support).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::OrderConfirmation { .. } => "order_confirmation",
            Self::AccessRequest { .. } => "access_request",
            Self::AccessGranted { .. } => "access_granted",
            Self::Activation { .. } => "activation",
            Self::AlreadyRegistered => "already_registered",
            Self::PasswordReset { .. } => "password_reset",
            Self::StaffInvitation { .. } => "staff_invitation",
            Self::EmailChangeConfirm { .. } => "email_change_confirm",
            Self::EmailChangeNotice { .. } => "email_change_notice",
            Self::ApplicationSubmitted { .. } => "application_submitted",
            Self::ApplicationStatus { .. } => "application_status",
            Self::FapiaoIssued { .. } => "fapiao_issued",
            Self::SupportReply { .. } => "support_reply",
        }
    }

    pub fn write(&self, locale: Locale, base: &str) -> Message {
        use Block::{Action, Facts, Paragraph, Quote};
        let zh = locale == Locale::zh_CN;
        let t = |zh_text: &str, en_text: &str| if zh { zh_text.to_owned() } else { en_text.to_owned() };
        let label = |zh_text: &'static str, en_text: &'static str| if zh { zh_text } else { en_text };
        let (subject, blocks) = match self {
            Self::AccessRequest { customer, login, order_number, token } => (
                t(
                    &format!("确认授权：{login} 申请查看 {customer} 的账单"),
                    &format!("Confirm: {login} asks to see the bills of {customer}"),
                ),
                vec![
                    Paragraph(t(
                        &format!(
                            "有人在发票管理中心使用订单号 {order_number} 申请以登录邮箱 {login} 查看 {customer} 的账单、发票信息和已开具的发票。"
                        ),
                        &format!(
                            "Someone at the Fapiao Center used order number {order_number} to ask that the login {login} may see the bills, fapiao details and issued fapiao of {customer}."
                        ),
                    )),
                    Paragraph(t(
                        "如果这是您或您的同事，请打开以下链接确认授权；如果不是，请忽略本邮件，对方将无法查看任何信息。",
                        "If this is you or a colleague, open this link to allow it. If not, ignore this email: nothing will be shown to them.",
                    )),
                    Action {
                        label: label("查看并确认授权", "Review and allow"),
                        url: format!("{base}/access?token={token}"),
                    },
                ],
            ),
            Self::AccessGranted { customer, login } => (
                t(
                    &format!("{login} 现在可以查看 {customer} 的账单"),
                    &format!("{login} can now see the bills of {customer}"),
                ),
                vec![
                    Paragraph(t(
                        &format!("登录邮箱 {login} 已获得授权，可以查看 {customer} 的账单并申请发票。"),
                        &format!("The login {login} may now see the bills of {customer} and apply for fapiao."),
                    )),
                    Paragraph(t(
                        "如果您不认识这个登录邮箱，请在“账户设置”中将其移除，并联系客服。",
                        "If you do not know this login, remove it under Account settings and contact customer service.",
                    )),
                    Action { label: label("账户设置", "Account settings"), url: format!("{base}/account") },
                ],
            ),
            Self::OrderConfirmation { order_number, product, amount, claim } => (
                t(&format!("订单确认：{order_number}"), &format!("Order confirmation: {order_number}")),
                vec![
                    Paragraph(t("您的订单已付款成功。", "Your order has been paid.")),
                    Facts(vec![
                        (label("订单号", "Order number"), order_number.to_string()),
                        (label("产品", "Product"), product.to_string()),
                        (label("金额", "Amount"), amount.to_string()),
                    ]),
                    Paragraph(t(
                        "如需开具发票，请使用订单号注册发票管理中心。",
                        "To request a fapiao, register at the Fapiao Center with this order number.",
                    )),
                    Action {
                        label: label("注册并申请发票", "Register and request a fapiao"),
                        url: format!("{base}/register?order={}&claim={claim}", crate::urls::urlencode(order_number)),
                    },
                ],
            ),
            Self::Activation { token } => (
                t("激活您的发票管理中心账户", "Activate your Fapiao Center account"),
                vec![
                    Paragraph(t(
                        "请在 24 小时内打开以下链接，激活您的发票管理中心账户。链接只能使用一次。",
                        "Open this link within 24 hours to activate your Fapiao Center account. It works once.",
                    )),
                    Action {
                        label: label("激活账户", "Activate the account"),
                        url: format!("{base}/activate?token={token}"),
                    },
                    Paragraph(t("如果您没有注册，请忽略本邮件。", "If you did not register, ignore this email.")),
                ],
            ),
            Self::AlreadyRegistered => (
                t("您已拥有发票管理中心账户", "You already have a Fapiao Center account"),
                vec![
                    Paragraph(t(
                        "有人使用此邮箱再次注册发票管理中心。此邮箱已有账户，请直接登录；如果忘记了密码，可以在登录页重设。",
                        "Someone registered with this email again. It already has an account: log in, or reset \
                         the password from the login page if you forgot it.",
                    )),
                    Action { label: label("登录", "Log in"), url: format!("{base}/login") },
                ],
            ),
            Self::StaffInvitation { token } => (
                t("您的发票管理中心服务账号", "Your Fapiao Center service account"),
                vec![
                    Paragraph(t(
                        "已为您创建发票管理中心的服务中心账号。请在 72 小时内打开以下链接设置密码，然后使用此邮箱登录。链接只能使用一次。",
                        "A service center account of the Fapiao Center was created for you. Open this link within \
                         72 hours to set its password, then log in with this email. It works once.",
                    )),
                    Action {
                        label: label("设置密码", "Set the password"), url: format!("{base}/reset?token={token}")
                    },
                ],
            ),
            Self::PasswordReset { token } => (
                t("重设发票管理中心密码", "Reset your Fapiao Center password"),
                vec![
                    Paragraph(t(
                        "请在 1 小时内打开以下链接设置新密码。链接只能使用一次。",
                        "Open this link within one hour to set a new password. It works once.",
                    )),
                    Action {
                        label: label("设置新密码", "Set a new password"),
                        url: format!("{base}/reset?token={token}"),
                    },
                    Paragraph(t(
                        "如果您没有申请重设密码，请忽略本邮件，您的密码不会改变。",
                        "If you did not ask for this, ignore this email: your password stays as it is.",
                    )),
                ],
            ),
            Self::EmailChangeConfirm { old_email, token } => (
                t("请确认新的登录邮箱", "Confirm your new login email"),
                vec![
                    Paragraph(t(
                        &format!("发票管理中心账号 {old_email} 申请把登录邮箱改为本邮箱。请在 24 小时内确认。"),
                        &format!(
                            "The Fapiao Center account {old_email} asked to use this address as its login email. \
                             Confirm within 24 hours."
                        ),
                    )),
                    Action {
                        label: label("确认新邮箱", "Confirm the new email"),
                        url: format!("{base}/account/email?token={token}"),
                    },
                    Paragraph(t("如果不是您本人操作，请忽略本邮件。", "If this was not you, ignore this email.")),
                ],
            ),
            Self::EmailChangeNotice { new_email } => (
                t("登录邮箱更改申请", "Login email change requested"),
                vec![
                    Paragraph(t(
                        &format!("您的发票管理中心账号申请把登录邮箱改为 {new_email}。新邮箱确认后更改才会生效。"),
                        &format!(
                            "Your Fapiao Center account asked to change its login email to {new_email}. The change \
                             takes effect only once the new address confirms it."
                        ),
                    )),
                    Paragraph(t(
                        "如果不是您本人操作，请立即修改密码并联系客服。",
                        "If this was not you, change your password now and call customer service.",
                    )),
                ],
            ),
            Self::ApplicationSubmitted { number, order_number, taxed, title, due } => (
                t(&format!("发票申请已提交：{number}"), &format!("Fapiao application submitted: {number}")),
                vec![
                    Paragraph(t("我们已收到您的发票申请。", "We have received your fapiao application.")),
                    Facts(vec![
                        (label("申请编号", "Application number"), number.to_string()),
                        (label("订单号", "Order number"), order_number.to_string()),
                        (label("价税合计", "Total including tax"), taxed.total.to_string()),
                        (label("税率", "Tax rate"), taxed.rate.to_string()),
                        (label("税额", "Tax amount"), taxed.tax.to_string()),
                        (label("发票抬头", "Title"), title.to_string()),
                        (
                            label("预计处理完成时间", "Due by"),
                            t(
                                &format!("{due}（2 个工作日内）"),
                                &format!("{due} (China Standard Time, within 2 working days)"),
                            ),
                        ),
                    ]),
                    Action {
                        label: label("查看进度", "Follow its progress"),
                        url: format!("{base}/applications/{number}"),
                    },
                ],
            ),
            Self::ApplicationStatus { number, status, note } => {
                let status_label = crate::labels::status_label(locale, *status);
                let mut blocks = vec![Paragraph(t(
                    &format!("您的发票申请 {number} 状态已更新为「{status_label}」。"),
                    &format!("Your fapiao application {number} is now: {status_label}."),
                ))];
                if let Some(note) = note {
                    blocks.push(Quote(note.to_string()));
                }
                blocks.push(Action {
                    label: label("查看详情", "See the details"),
                    url: format!("{base}/applications/{number}"),
                });
                (
                    t(
                        &format!("发票申请 {number}：{status_label}"),
                        &format!("Fapiao application {number}: {status_label}"),
                    ),
                    blocks,
                )
            }
            Self::FapiaoIssued {
                number,
                fapiao_number,
                issue_date,
                taxed,
                buyer,
                order_numbers,
                kind,
                files,
                link,
            } => {
                let kind_label = crate::labels::fapiao_kind_label(locale, kind.0, kind.1);
                let mut blocks = vec![
                    Paragraph(t(
                        &format!(
                            "您申请的{kind_label}已开具，发票文件见{}。",
                            if link.is_some() { "下方链接" } else { "附件" }
                        ),
                        &format!(
                            "Your {kind_label} has been issued. The files are {}.",
                            if link.is_some() { "at the link below" } else { "attached" }
                        ),
                    )),
                    Facts(vec![
                        (label("发票号码", "Fapiao number"), fapiao_number.to_string()),
                        (label("开票日期", "Issue date"), issue_date.to_string()),
                        (label("购买方名称", "Buyer"), buyer.to_string()),
                        (label("价税合计", "Total including tax"), taxed.total.to_string()),
                        (label("税率", "Tax rate"), taxed.rate.to_string()),
                        (label("税额", "Tax amount"), taxed.tax.to_string()),
                        (label("申请编号", "Application number"), number.to_string()),
                        (label("订单号", "Order numbers"), order_numbers.to_string()),
                        (label("文件", "Files"), files.join(", ")),
                    ]),
                ];
                if let Some(link) = link {
                    blocks.push(Paragraph(t(
                        "文件较大，未作为附件发送。以下链接 30 天内有效，无需登录，只能下载本张发票的文件。",
                        "The files are too large to attach. This link works for 30 days without logging in, and only for this fapiao's files.",
                    )));
                    blocks.push(Action {
                        label: label("下载发票文件", "Download the fapiao files"),
                        url: link.to_string(),
                    });
                } else {
                    blocks.push(Action {
                        label: label("在发票管理中心查看", "See it in the Fapiao Center"),
                        url: format!("{base}/applications/{number}"),
                    });
                }
                (
                    t(
                        &format!("{kind_label} {fapiao_number}（{buyer}）"),
                        &format!("Your e-fapiao {fapiao_number} ({buyer})"),
                    ),
                    blocks,
                )
            }
            Self::SupportReply { request_number, subject, reply } => (
                t(
                    &format!("服务中心已回复：{request_number}"),
                    &format!("The service center replied: {request_number}"),
                ),
                vec![
                    Paragraph(t(
                        &format!("服务中心回复了您的请求「{subject}」："),
                        &format!("The service center replied to your request \"{subject}\":"),
                    )),
                    Quote(reply.to_string()),
                    Action {
                        label: label("查看并回复", "Read and reply"),
                        url: format!("{base}/support/{request_number}"),
                    },
                ],
            ),
        };
        Message { subject, blocks }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MailLanguage, compose};
    use super::*;
    use crate::domain::EmailAddress;

    fn to() -> EmailAddress {
        EmailAddress::parse("ap@xinghe.example.cn").unwrap()
    }

    const BASE: &str = "https://fapiao.example.com";

    #[test]
    fn an_email_is_written_in_the_account_language_with_text_and_html() {
        let email = Email::Activation { token: "0123456789abcdef0123456789abcdef" };
        let zh = compose(to(), MailLanguage::of_account("zh-CN"), BASE, &email);
        let en = compose(to(), MailLanguage::of_account("en"), BASE, &email);
        let link = "https://fapiao.example.com/activate?token=0123456789abcdef0123456789abcdef";
        assert_eq!(zh.subject, "激活您的发票管理中心账户");
        assert_eq!(en.subject, "Activate your Fapiao Center account");
        assert!(zh.body_text.contains(link) && en.body_text.contains(link));
        assert!(!zh.body_text.contains("Hello") && !en.body_text.contains("您好"));
        let html = en.body_html.unwrap();
        assert!(html.contains("<html lang=\"en\">") && html.contains(&format!("href=\"{link}\"")), "{html}");
        assert!(zh.body_html.unwrap().contains("激活账户</a>"));
    }

    #[test]
    fn an_order_confirmation_has_both_languages_before_an_account_exists() {
        let email = Email::OrderConfirmation {
            order_number: "MO-20261002-01",
            product: "Azure",
            amount: Fen::new(760_000),
            claim: "c1a1",
        };
        let mail = compose(to(), MailLanguage::Both, BASE, &email);
        assert_eq!(mail.subject, "订单确认：MO-20261002-01 / Order confirmation: MO-20261002-01");
        assert!(mail.body_text.contains("https://fapiao.example.com/register?order=MO-20261002-01&claim=c1a1"));
        assert!(mail.body_text.contains("¥7,600.00"));
        assert!(mail.body_text.find("您好").unwrap() < mail.body_text.find("Hello").unwrap());
        let html = mail.body_html.unwrap();
        assert!(html.contains("<div lang=\"zh-CN\"") && html.contains("<div lang=\"en\""));
    }

    #[test]
    fn what_people_typed_is_escaped_in_html_and_kept_in_text() {
        let reply = "请看 <script>alert(1)</script> & \"引号\"\n第二行";
        let email = Email::SupportReply { request_number: "SR20261124000001", subject: "<b>标题</b>", reply };
        let mail = compose(to(), MailLanguage::of_account("zh-CN"), BASE, &email);
        let html = mail.body_html.unwrap();
        assert!(!html.contains("<script>") && !html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;<br>\n第二行"));
        assert!(mail.body_text.contains("> 请看 <script>alert(1)</script>"), "text mail is not HTML: kept as typed");
    }

    #[test]
    fn a_status_email_names_the_status_in_the_language_and_quotes_the_note() {
        let email = Email::ApplicationStatus {
            number: "FP202611240001",
            status: ApplicationStatus::Rejected,
            note: Some("税号与抬头不符"),
        };
        let en = compose(to(), MailLanguage::of_account("en"), BASE, &email);
        assert!(en.subject.starts_with("Fapiao application FP202611240001: "), "{}", en.subject);
        assert!(en.body_text.contains("> 税号与抬头不符"));
        assert!(en.body_text.contains("https://fapiao.example.com/applications/FP202611240001"));
    }
}
