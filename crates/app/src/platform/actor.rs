//! Who is acting (AUTHZ-1): a signed-in user through a console session or a personal token,
//! the system (jobs), or nobody. The origin (IP, request id) rides along for the audit log.

use kontor_domain::{OrgId, ScopeSet, SessionId, StaffRole, TokenId, UserId};

/// Where a request came from, for the audit log (OPS-5).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: String,
    pub request_id: String,
    /// The browser or program (`User-Agent`), at most 200 characters.
    pub user_agent: String,
}

/// How a user proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    Session {
        id: SessionId,
        current_org: Option<OrgId>,
    },
    Token {
        id: TokenId,
        scopes: ScopeSet,
    },
}

#[derive(Debug, Clone)]
pub enum ActorKind {
    Anonymous,
    User {
        id: UserId,
        email: String,
        credential: Credential,
    },
    System,
    /// A member of the provider's staff in the staff console (STF-1). `two_factor` says
    /// whether their second factor is on; without it they may only set it up.
    Staff {
        id: i64,
        email: String,
        name: String,
        role: StaffRole,
        session: i64,
        two_factor: bool,
    },
    /// An operator-issued token of a product back-end (AUTHZ-5).
    Service {
        id: i64,
        name: String,
        scopes: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorKind,
    pub origin: Origin,
}

impl Actor {
    pub fn anonymous(origin: Origin) -> Actor {
        Actor {
            kind: ActorKind::Anonymous,
            origin,
        }
    }

    /// A user acting without a session of their own yet: just signed up, signed in or joined,
    /// or the subject of a back-end's access question.
    pub fn user(id: UserId, email: &str, origin: Origin) -> Actor {
        Actor {
            kind: ActorKind::User {
                id,
                email: email.to_owned(),
                credential: Credential::Session {
                    id: SessionId(0),
                    current_org: None,
                },
            },
            origin,
        }
    }

    pub fn system() -> Actor {
        Actor {
            kind: ActorKind::System,
            origin: Origin::default(),
        }
    }

    pub fn user_id(&self) -> Option<UserId> {
        match &self.kind {
            ActorKind::User { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The signed-in user's e-mail address.
    pub fn email(&self) -> Option<&str> {
        match &self.kind {
            ActorKind::User { email, .. } => Some(email),
            _ => None,
        }
    }

    pub fn session_id(&self) -> Option<SessionId> {
        match &self.kind {
            ActorKind::User {
                credential: Credential::Session { id, .. },
                ..
            } => Some(*id),
            _ => None,
        }
    }

    /// The staff member acting, if the actor is one.
    pub fn staff_id(&self) -> Option<i64> {
        match &self.kind {
            ActorKind::Staff { id, .. } => Some(*id),
            _ => None,
        }
    }

    pub fn token_scopes(&self) -> Option<&ScopeSet> {
        match &self.kind {
            ActorKind::User {
                credential: Credential::Token { scopes, .. },
                ..
            } => Some(scopes),
            _ => None,
        }
    }

    /// The audit log's words for this actor: kind, id, label.
    pub fn audit_identity(&self) -> (&'static str, Option<i64>, String) {
        match &self.kind {
            ActorKind::Anonymous => ("anonymous", None, String::new()),
            ActorKind::System => ("system", None, "jobs".to_owned()),
            ActorKind::Service { id, name, .. } => ("service", Some(*id), name.clone()),
            ActorKind::Staff { id, name, role, .. } => {
                ("staff", Some(*id), format!("{name} (staff, {role})"))
            }
            ActorKind::User {
                id,
                email,
                credential: Credential::Session { .. },
            } => ("user", Some(id.0), email.clone()),
            ActorKind::User {
                id,
                email,
                credential: Credential::Token { id: token, .. },
            } => ("token", Some(id.0), format!("{email} (token {token})")),
        }
    }
}
