//! The service center (`/admin/…`): the application queue, accounts, site status and
//! announcements, the audit log and the working-day calendar. Every server function here
//! requires a staff session (some an admin's).

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod dashboard;
pub mod queue;
pub mod site;
