//! Staff roles (STF-1) and the kinds of customer content support can be let into (SUP-3).

crate::text_enum! {
    /// What a staff member is (STF-1).
    pub enum StaffRole {
        Support = "support",
        Billing = "billing",
        Admin = "admin",
    }
}

crate::text_enum! {
    /// A kind of customer content a user lets support staff into, one grant per kind (SUP-3).
    pub enum SupportKind {
        /// The mailboxes of the user.
        Mail = "mail",
        /// Folders of the drives of the organizations the user belongs to.
        Drive = "drive",
        /// Discussions of the organizations' chats.
        Chat = "chat",
    }
}

/// SUP-3: a grant ends by itself this long after it was given.
pub const SUPPORT_GRANT_DAYS: i64 = 7;
