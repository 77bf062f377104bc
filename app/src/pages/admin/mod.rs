//! The service center's pages (`/admin…`), for staff and admins. Their server functions refuse
//! everyone else with 404, so the pages show "not found" to customers and visitors.

mod accounts;
mod application;
mod audit;
mod calendar;
mod dashboard;
mod orders;
mod queue;
mod site;

pub use accounts::AccountsPage;
pub use application::StaffApplicationPage;
pub use audit::AuditPage;
pub use calendar::CalendarPage;
pub use orders::OrdersPage;
pub use queue::QueuePage;
pub use site::SiteAdminPage;
