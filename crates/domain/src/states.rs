//! The states of orders, invoices, payments and invitations, as stored and published (API.md
//! vocabulary). Product states live with the product rules (`products::ProductStatus`).

crate::text_enum! {
    /// An order (PRD-2): pending until paid or cancelled; a warranty renewal order is closed as
    /// `invoiced` when its open invoice is issued (REN-5).
    pub enum OrderStatus {
        Pending = "pending",
        Paid = "paid",
        Cancelled = "cancelled",
        Invoiced = "invoiced",
    }
}

crate::text_enum! {
    /// An issued invoice (BIL-1): open until paid; void once cancelled.
    pub enum InvoiceStatus {
        Open = "open",
        Paid = "paid",
        Void = "void",
        /// DUN-5: cancelled by a credit note (the invoice), or the credit note itself.
        Credited = "credited",
    }
}

crate::text_enum! {
    /// A payment (BIL-4): pending while a redirect or transfer is awaited.
    pub enum PaymentStatus {
        Pending = "pending",
        Succeeded = "succeeded",
        Failed = "failed",
        Cancelled = "cancelled",
    }
}

crate::text_enum! {
    /// An invitation (ORG-5).
    pub enum InvitationStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
        Withdrawn = "withdrawn",
        Expired = "expired",
    }
}

crate::text_enum! {
    /// An automatic renewal attempt (REN-2): claimed as running, then finished.
    pub enum AttemptStatus {
        Running = "running",
        Succeeded = "succeeded",
        Failed = "failed",
    }
}

crate::text_enum! {
    /// A session at the sandbox gateway's hosted page (BIL-8): open until the payer decides.
    pub enum GatewaySessionStatus {
        Open = "open",
        Approved = "approved",
        Declined = "declined",
    }
}

crate::text_enum! {
    /// A partner application (PAR-1): pending until staff approve or reject it; a rejected
    /// organization may apply again.
    pub enum PartnerStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

crate::text_enum! {
    /// A partnership (PAR-2..PAR-6): `offered` by a client or `requested` by a partner until the
    /// other side decides; then `active`, or `refused` / `withdrawn`; an active one `ended`.
    pub enum PartnershipStatus {
        Offered = "offered",
        Requested = "requested",
        Active = "active",
        Refused = "refused",
        Withdrawn = "withdrawn",
        Ended = "ended",
    }
}

crate::text_enum! {
    /// PAR-2: what a partner reaches of its client.
    pub enum PartnerAccess {
        /// The products listed in the partnership.
        Limited = "limited",
        /// The whole organization, billed per the payment mode.
        Full = "full",
    }
}

crate::text_enum! {
    /// PAR-7: who pays under full access.
    pub enum PaymentMode {
        Client = "client",
        Partner = "partner",
    }
}

crate::text_enum! {
    /// A call for tender (TEN-3): open until its author cancels it or its time runs out.
    pub enum TenderStatus {
        Open = "open",
        Cancelled = "cancelled",
        Closed = "closed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_vocabulary_states_round_trip_through_their_text() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(*s));
        }
        for s in InvoiceStatus::ALL {
            assert_eq!(InvoiceStatus::try_from(s.as_str().to_owned()), Ok(*s));
        }
        let names: Vec<_> = InvitationStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["pending", "accepted", "declined", "withdrawn", "expired"]);
        assert!(PaymentStatus::try_from("refunded".to_owned()).is_err());
    }
}
