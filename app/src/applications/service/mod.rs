//! The fapiao application: drafts saved step by step, confirmation (exactly once per bill and
//! per idempotency key), and the customer's view of the result.

mod api_create;
mod confirm;
mod delivery;
mod draft;
mod lookup;
mod places;
mod receipt;
mod reissue;
mod saved;
mod view;
mod withdraw;

pub use api_create::{MAX_BILLS, NewApplication, create as create_by_api, idempotency_key};
pub use confirm::confirm;
pub(crate) use delivery::{current_fapiao, send as send_fapiao};
pub use delivery::{files_for_link, resend};
pub use draft::{context, reopen_rejected, save_step, start_together};
pub use lookup::{bills_of, by_number, release_bills, together_view};
pub use places::{check_divisions, division_options};
pub use receipt::confirm_receipt;
pub(crate) use reissue::after_reversal as reissue_after_reversal;
pub use reissue::{ReissueInput, latest as latest_reissue, request as request_reissue};
pub use view::{issued_taxed, issued_view, list, view, view_of};
pub use withdraw::withdraw;
