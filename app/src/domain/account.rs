use super::{ValidationError, coded_enum};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// What an account may do. Customers see their own bills; staff work the service-center
    /// queue; admins also manage staff, the calendar and settings.
    Role {
        Customer => "customer",
        Staff => "staff",
        Admin => "admin",
    }
}

impl Role {
    pub fn is_staff(self) -> bool {
        matches!(self, Self::Staff | Self::Admin)
    }
}

coded_enum! {
    /// Where an account is in its life.
    AccountStatus {
        /// Registered, activation link not yet used. Never blocks anything.
        Pending => "pending",
        Active => "active",
        /// Switched off by staff; its sessions are ended.
        Disabled => "disabled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_and_admins_are_staff_customers_are_not() {
        assert!(!Role::Customer.is_staff());
        assert!(Role::Staff.is_staff() && Role::Admin.is_staff());
        assert_eq!(Role::parse("root"), Err(ValidationError::UnknownValue));
        assert_eq!(AccountStatus::parse("active"), Ok(AccountStatus::Active));
    }
}
