//! Roles of a member inside an organization (ORG-1).

use serde::{Deserialize, Serialize};

/// The role of a member. Ordered from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    LegalRepresentative,
    Administrator,
    User,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::LegalRepresentative, Role::Administrator, Role::User];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::LegalRepresentative => "legal_representative",
            Role::Administrator => "administrator",
            Role::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Legal representatives and administrators see every product and every member (ORG-1).
    pub fn manages_organization(self) -> bool {
        matches!(self, Role::LegalRepresentative | Role::Administrator)
    }
}
