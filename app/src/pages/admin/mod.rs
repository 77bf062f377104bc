//! The service center's pages (`/admin…`), for staff and admins. Their server functions refuse
//! everyone else with 404, so the pages show "not found" to customers and visitors.

mod application;
mod queue;
mod site;

pub use application::StaffApplicationPage;
pub use queue::QueuePage;
pub use site::SiteAdminPage;
