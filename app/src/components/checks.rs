//! The shared domain parsers in the shape `TextField` takes for its in-browser check.

use crate::domain::{EmailAddress, OrderNumber, Password, ValidationError};

pub fn email(value: &str) -> Option<ValidationError> {
    EmailAddress::parse(value).err()
}

pub fn new_password(value: &str) -> Option<ValidationError> {
    Password::parse(value).err()
}

pub fn order_number(value: &str) -> Option<ValidationError> {
    OrderNumber::parse(value).err()
}
