use super::{ValidationError, coded_enum};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// Where a fapiao application is in its life. Allowed moves are in `can_become`; the
    /// database keeps at most one *active* application per bill (see `is_active`).
    ApplicationStatus {
        /// Confirmed by the customer, waiting in the service-center queue.
        Submitted => "submitted",
        /// A staff member has started on it.
        Processing => "processing",
        /// 已开具: the fapiao exists (number and date recorded, e-fapiao files attached).
        Issued => "issued",
        /// 已邮寄: a paper fapiao is with the courier.
        Mailed => "mailed",
        /// A paper fapiao waits at the Shanghai branch.
        ReadyForPickup => "ready_for_pickup",
        /// 已驳回: refused with a reason; the customer corrects and resubmits.
        Rejected => "rejected",
        /// 待寄回: a reversal is under way and the mailed paper fapiao must come back first.
        AwaitingReturn => "awaiting_return",
        /// 待购买方确认: the buyer already deducted or booked the fapiao, so the buyer must
        /// confirm the 红字确认单 (online, in the product) before the red fapiao is issued.
        AwaitingBuyerConfirmation => "awaiting_buyer",
        /// 红冲中: the 红字确认单 is settled; the service center issues the red fapiao.
        ReversalPending => "reversal_pending",
        /// 已红冲: the red fapiao exists; the bill is free for a new application.
        Reversed => "reversed",
        /// The customer withdrew it before it was issued; the bill is free again.
        Withdrawn => "withdrawn",
    }
}

impl ApplicationStatus {
    /// The transitions the product allows. Everything else is refused as a conflict.
    pub fn can_become(self, next: ApplicationStatus) -> bool {
        use ApplicationStatus::*;
        matches!(
            (self, next),
            (Submitted, Processing | Rejected | Withdrawn)
                | (Processing, Issued | Rejected)
                | (Issued, Mailed | ReadyForPickup)
                // 红冲: never a void, always a red fapiao, after the paper came back and the
                // buyer confirmed where that is needed.
                | (Issued | Mailed | ReadyForPickup, AwaitingReturn | AwaitingBuyerConfirmation | ReversalPending)
                | (AwaitingReturn, AwaitingBuyerConfirmation | ReversalPending)
                | (AwaitingBuyerConfirmation, ReversalPending)
                | (ReversalPending, Reversed)
                | (Rejected, Submitted | Withdrawn)
        )
    }

    /// Whether this application still holds its bill. The partial unique index
    /// `fapiao_applications_one_active_per_order` enforces the same rule in the database;
    /// its `WHERE` clause must list exactly the statuses for which this returns `false`.
    pub fn is_active(self) -> bool {
        !matches!(self, Self::Reversed | Self::Withdrawn)
    }

    /// Statuses that need a service-center action (the queue).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Submitted | Self::Processing)
    }
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    #[test]
    fn the_happy_paths_are_allowed() {
        for path in [
            &[Submitted, Processing, Issued, Mailed][..],
            &[Submitted, Processing, Issued, ReadyForPickup],
            &[Submitted, Rejected, Submitted, Processing, Issued],
            &[
                Submitted,
                Processing,
                Issued,
                Mailed,
                AwaitingReturn,
                AwaitingBuyerConfirmation,
                ReversalPending,
                Reversed,
            ],
            &[Submitted, Processing, Issued, ReversalPending, Reversed],
        ] {
            for step in path.windows(2) {
                assert!(step[0].can_become(step[1]), "{:?} -> {:?}", step[0], step[1]);
            }
        }
    }

    #[test]
    fn shortcuts_and_moves_out_of_final_states_are_refused() {
        assert!(!Submitted.can_become(Issued), "cannot issue without processing");
        assert!(!Submitted.can_become(Mailed));
        assert!(!Processing.can_become(Withdrawn), "too late to withdraw");
        assert!(!Issued.can_become(Rejected), "an issued fapiao is reversed, not rejected");
        assert!(!Issued.can_become(Reversed), "no reversal without the red fapiao's steps");
        assert!(!AwaitingBuyerConfirmation.can_become(Reversed), "the buyer confirms first");
        for terminal in [Reversed, Withdrawn] {
            for next in ApplicationStatus::ALL {
                assert!(!terminal.can_become(*next), "{terminal:?} is final");
            }
        }
        for s in ApplicationStatus::ALL {
            assert!(!s.can_become(*s), "{s:?} -> itself is a repeated action");
        }
    }

    /// Codes are stored in `VARCHAR(n)` columns, which PostgreSQL enforces (SQLite does not):
    /// `fapiao_applications.status` and `application_events.{from,to}_status` take 24,
    /// `application_events.kind` and `fapiao_reversals.reason` 32 (migrations 1 and 8).
    #[test]
    fn every_code_fits_its_column() {
        for status in ApplicationStatus::ALL {
            assert!(status.code().len() <= 24, "{status:?}");
        }
        for kind in ApplicationEventKind::ALL {
            assert!(kind.code().len() <= 32, "{kind:?}");
        }
        for reason in ReversalReason::ALL {
            assert!(reason.code().len() <= 32, "{reason:?}");
        }
    }

    #[test]
    fn only_reversed_and_withdrawn_free_the_bill() {
        let inactive: Vec<_> = ApplicationStatus::ALL.iter().filter(|s| !s.is_active()).collect();
        assert_eq!(inactive, [&Reversed, &Withdrawn]);
    }
}

coded_enum! {
    /// What happened to an application, as its timeline records it (`application_events.kind`).
    ApplicationEventKind {
        /// The customer confirmed the form.
        Submitted => "submitted",
        /// Staff started working on it.
        Start => "start",
        Issue => "issue",
        Mail => "mail",
        Pickup => "pickup",
        /// Sent back to the customer with a reason.
        Reject => "reject",
        /// 红冲 completed: the red fapiao was issued.
        Reverse => "reverse",
        /// A 红冲 was started (reason, 红字确认单).
        ReversalStarted => "reversal_started",
        /// The paper fapiao came back to the service center.
        Returned => "returned",
        /// The buyer confirmed the 红字确认单 online.
        BuyerConfirmed => "buyer_confirmed",
        /// The customer withdrew it.
        Withdrawn => "withdrawn",
        /// The e-fapiao was emailed to one address (at issue, or a resend).
        Delivered => "delivered",
        /// 签收: the customer confirmed the paper fapiao arrived.
        Received => "received",
        /// 换开: the customer asked for a new title or type (staff answer with a 红冲).
        ReissueRequested => "reissue_requested",
    }
}

coded_enum! {
    /// Where an order of the billing system stands (`orders.status`). Only paid orders can have a
    /// fapiao; refunded ones stay visible with their history.
    OrderStatus {
        Pending => "pending",
        Paid => "paid",
        Refunded => "refunded",
        /// Paid and divided into parts (orders of their own): the parts take the fapiao.
        Split => "split",
    }
}

coded_enum! {
    /// Where a support request stands.
    SupportStatus {
        /// Waiting for the service center (new, or the customer wrote again).
        Open => "open",
        /// The service center replied; waiting for the customer.
        Answered => "answered",
        Closed => "closed",
    }
}

coded_enum! {
    /// Where a queued email stands (`email_outbox.status`).
    OutboxStatus {
        /// Waiting to be sent, or to be tried again.
        Pending => "pending",
        Sent => "sent",
        /// Given up after the last retry.
        Failed => "failed",
    }
}

coded_enum! {
    /// Where a request to see a customer's bills stands (`access_requests.status`).
    AccessRequestStatus {
        /// Waiting for the buyer or a colleague to say yes.
        Pending => "pending",
        Approved => "approved",
        /// The buyer ignored it (or said no); the login does not see the bills.
        Ignored => "ignored",
    }
}

coded_enum! {
    /// A day of the working-day calendar that is not an ordinary weekday or weekend day.
    CalendarDayKind {
        /// A public holiday (also when it falls on a weekday).
        Holiday => "holiday",
        /// A weekend day that is a working day (调休).
        Workday => "workday",
    }
}

coded_enum! {
    /// Why a fapiao is reversed (红字发票开具原因), as the 数电 platform lists them.
    ReversalReason {
        /// 开票有误: wrong title, type or amount (a 换开 starts here).
        IssuedInError => "issued_in_error",
        /// 销货退回.
        SalesReturn => "sales_return",
        /// 服务中止.
        ServiceStopped => "service_stopped",
        /// 销售折让.
        SalesDiscount => "sales_discount",
    }
}
