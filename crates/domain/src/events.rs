//! Webhook events (EVT-1, PRD-8): every name Kontor emits, and the subscription patterns an
//! endpoint may register (`*`, `product.*`, or an exact name). The list of subscribable events
//! is this enum, so every emitted event can be subscribed to.

crate::text_enum! {
    /// An event, named `<area>.<what happened>`.
    pub enum Event {
        ProductCreated = "product.created",
        ProductActivated = "product.activated",
        ProductUpdated = "product.updated",
        ProductUpgraded = "product.upgraded",
        ProductMoved = "product.moved",
        ProductRenewed = "product.renewed",
        ProductSuspended = "product.suspended",
        ProductReactivated = "product.reactivated",
        ProductTerminated = "product.terminated",
        OrderCreated = "order.created",
        OrderCancelled = "order.cancelled",
        InvoiceIssued = "invoice.issued",
        InvoicePaid = "invoice.paid",
        InvoiceOverdue = "invoice.overdue",
        PaymentSucceeded = "payment.succeeded",
        PaymentFailed = "payment.failed",
        MemberRemoved = "member.removed",
        PartnerAffiliateRegistered = "partner.affiliate_registered",
        PartnerApplied = "partner.applied",
        PartnerCommissionCredited = "partner.commission_credited",
        PartnerReferralAttributed = "partner.referral_attributed",
        PartnerCashbackCredited = "partner.cashback_credited",
        PartnerApproved = "partner.approved",
        PartnerRejected = "partner.rejected",
        PartnerDiscountChanged = "partner.discount_changed",
        PartnershipStarted = "partner.partnership_started",
        PartnershipChanged = "partner.partnership_changed",
        PartnershipEnded = "partner.partnership_ended",
    }
}

impl Event {
    /// The area part of the name (`product` for `product.renewed`).
    pub fn area(self) -> &'static str {
        self.as_str().split('.').next().unwrap_or_default()
    }
}

/// Whether `pattern` (`*`, `product.*` or an exact name) covers `event`.
pub fn pattern_matches(pattern: &str, event: Event) -> bool {
    pattern == "*"
        || pattern == event.as_str()
        || pattern
            .strip_suffix(".*")
            .is_some_and(|area| area == event.area())
}

/// Whether `pattern` is one an endpoint may register: `*`, an event name, or `<area>.*` for an
/// area that has events.
pub fn pattern_is_known(pattern: &str) -> bool {
    pattern == "*"
        || Event::parse(pattern).is_some()
        || pattern
            .strip_suffix(".*")
            .is_some_and(|area| Event::ALL.iter().any(|e| e.area() == area))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evt_1_every_event_is_subscribable_by_name_area_and_star() {
        for e in Event::ALL {
            assert!(pattern_is_known(e.as_str()), "{e}");
            assert!(pattern_matches(e.as_str(), *e));
            assert!(pattern_matches(&format!("{}.*", e.area()), *e));
            assert!(pattern_matches("*", *e));
        }
        assert!(!pattern_is_known("product.exploded"));
        assert!(!pattern_is_known("nothing.*"));
        assert!(!pattern_matches("order.*", Event::ProductRenewed));
        assert!(!pattern_matches("product.created", Event::ProductMoved));
    }
}
