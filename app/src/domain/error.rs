use serde::{Deserialize, Serialize};

/// Why a value was refused. One enum for every parser, so the user-facing text for each
/// reason lives in one place (the i18n files, via `ui::validation_message`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ValidationError {
    #[error("this field is required")]
    Required,
    #[error("at most {max} characters")]
    TooLong { max: usize },
    /// Longer than the tax platform takes, counted in GBK bytes (a Chinese character is 2).
    #[error("at most {max} bytes in GBK")]
    TooManyBytes { max: usize },
    /// A 专用发票 for a natural person: only enterprises and non-enterprise units get one.
    #[error("a special VAT fapiao is not issued to a natural person")]
    SpecialNotForIndividuals,
    /// Staff typed an amount other than the bill's: a fapiao is for exactly what was paid.
    #[error("the fapiao amount must be the bill's amount, {bill}")]
    NotTheBillAmount { bill: String },
    #[error("the date is in the future")]
    DateInFuture,
    /// An issue date before the bill was paid.
    #[error("the date is before the payment on {paid}")]
    DateBeforePayment { paid: String },
    /// The courier differs from the one the customer chose, and no reason was given.
    #[error("the customer chose another courier; give the reason")]
    CourierDiffers,
    #[error("at least {min} characters")]
    TooShort { min: usize },
    #[error("digits only")]
    DigitsOnly,
    #[error("at most {max} entries")]
    TooMany { max: usize },
    #[error("the file is larger than {max_bytes} bytes")]
    FileTooLarge { max_bytes: u64 },
    #[error("only PDF, OFD and XML files are accepted")]
    FileType,
    #[error("already used")]
    AlreadyUsed,
    #[error("not on the list offered")]
    NotOffered,
    #[error("invalid format")]
    BadFormat,
    #[error("the check character does not match")]
    BadCheckCharacter,
    #[error("the character {0:?} cannot be printed on a fapiao")]
    NotGbk(char),
    #[error("this password is too common")]
    CommonPassword,
    #[error("amount out of range")]
    AmountOutOfRange,
    #[error("unknown value")]
    UnknownValue,
    #[error("the two passwords differ")]
    PasswordsDiffer,
    #[error("no paid order has this number")]
    OrderNotFound,
    #[error("the current password is not right")]
    WrongPassword,
    #[error("line {line} is not in the expected form")]
    BadLine { line: usize },
    /// "Apply for the ticked bills" with none ticked.
    #[error("no bill is ticked")]
    NoBillsSelected,
    /// Bills of several customers, currencies or tax rates cannot share one fapiao.
    #[error("the bills differ in customer, currency or tax rate")]
    BillsNotAlike,
    /// The bills together exceed what one fapiao may show.
    #[error("together more than {limit}, the most one fapiao may show")]
    OverFapiaoLimit { limit: String },
    /// The bill was refunded, or an active application holds it.
    #[error("the bill {order} is refunded or already applied for")]
    BillNotFree { order: String },
    /// A split into fewer than 2 or more than `max` parts.
    #[error("from 2 to {max} amounts")]
    PartCount { max: usize },
    /// A split whose parts do not add up to the bill.
    #[error("the parts sum to {parts}, the bill is {bill}")]
    PartsDoNotSum { bill: String, parts: String },
}
