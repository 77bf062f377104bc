use super::{ValidationError, coded_enum};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// What an announcement on every page is about.
    AnnouncementKind {
        /// Anything the service center wants customers to know.
        Notice => "notice",
        /// Paper fapiao stock has run out: shows the expected mailing date next to paper.
        StockShortage => "stock_shortage",
    }
}
