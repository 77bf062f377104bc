use super::{ValidationError, coded_enum};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// What a support request is about.
    SupportKind {
        ProgressQuery => "progress_query",
        NotReceived => "not_received",
        /// Change of title: a paper fapiao must be mailed back first; staff mark it received,
        /// then reverse (红冲) it, and the bill can be applied for again.
        TitleChange => "title_change",
        /// Split one bill across titles or amounts (the form takes one title per bill).
        Split => "split",
        Other => "other",
    }
}
