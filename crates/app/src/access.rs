//! The authorization decision (AUTHZ-1): one pure function answers "may this actor do this
//! action on this resource", for the console, the API and jobs alike. Services call it before
//! anything else; handlers never check roles.
//!
//! A decision carries its reason (AUTHZ-4) as an English sentence and a message key for the
//! console. A resource of an organization the actor does not belong to is `not_found`, never
//! `forbidden` (AUTHZ-2).

use kontor_domain::{Role, ScopeArea};
use kontor_store::orgs::MembershipRow;

use crate::actor::{Actor, ActorKind};
use crate::error::{AppError, ErrorCode};

/// Everything an actor may ask to do, named `<area>.<verb>` in the API documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ProfileRead,
    ProfileUpdate,
    OrganizationRead,
    /// Address and other non-binding data (administrators and legal representatives).
    OrganizationUpdate,
    /// Name, kind, country, registry id, VAT number: acts that bind (legal representatives).
    OrganizationUpdateLegal,
    AuditRead,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::ProfileRead,
        Action::ProfileUpdate,
        Action::OrganizationRead,
        Action::OrganizationUpdate,
        Action::OrganizationUpdateLegal,
        Action::AuditRead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ProfileRead => "profile.read",
            Action::ProfileUpdate => "profile.update",
            Action::OrganizationRead => "organization.read",
            Action::OrganizationUpdate => "organization.update",
            Action::OrganizationUpdateLegal => "organization.update_legal",
            Action::AuditRead => "audit.read",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The token scope this action needs, and whether it changes something.
    fn scope(self) -> (ScopeArea, bool) {
        match self {
            Action::ProfileRead => (ScopeArea::Profile, false),
            Action::ProfileUpdate => (ScopeArea::Profile, true),
            Action::OrganizationRead | Action::AuditRead => (ScopeArea::Organizations, false),
            Action::OrganizationUpdate | Action::OrganizationUpdateLegal => (ScopeArea::Organizations, true),
        }
    }
}

/// What the action is about, with the facts loaded for it.
#[derive(Debug, Clone)]
pub enum Resource<'a> {
    /// The acting user's own account.
    OwnAccount,
    /// An organization, with the actor's membership in it if any.
    Organization { membership: Option<&'a MembershipRow> },
}

/// The answer, with the reason that explains it (AUTHZ-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    /// When denied: the code the API answers with.
    pub code: Option<ErrorCode>,
    /// A sentence naming the rule that decided and, when denied, what would allow it.
    pub reason: String,
    /// The console message key for `reason`.
    pub reason_key: &'static str,
}

impl Decision {
    fn allow(reason: impl Into<String>, key: &'static str) -> Decision {
        Decision {
            allowed: true,
            code: None,
            reason: reason.into(),
            reason_key: key,
        }
    }

    fn deny(code: ErrorCode, reason: impl Into<String>, key: &'static str) -> Decision {
        Decision {
            allowed: false,
            code: Some(code),
            reason: reason.into(),
            reason_key: key,
        }
    }

    /// Turns a denial into the error the service answers.
    pub fn into_result(self) -> Result<(), AppError> {
        match self.code {
            None => Ok(()),
            Some(ErrorCode::NotFound) => Err(AppError::not_found()),
            Some(code) => Err(AppError::with_message(code, self.reason)),
        }
    }
}

/// The one decision function (AUTHZ-1).
pub fn decide(actor: &Actor, action: Action, resource: &Resource<'_>) -> Decision {
    let ActorKind::User { .. } = &actor.kind else {
        return match actor.kind {
            ActorKind::System => Decision::allow("system jobs act for the platform", "reason-system"),
            _ => Decision::deny(ErrorCode::Unauthenticated, "sign in first", "reason-signin"),
        };
    };
    // A token is narrowed by its scopes before anything else.
    if let Some(scopes) = actor.token_scopes() {
        let (area, write) = action.scope();
        if !scopes.allows(area, write) {
            let needed = if write {
                area.as_str().to_owned()
            } else {
                format!("{0}:read or {0}", area.as_str())
            };
            return Decision::deny(
                ErrorCode::MissingScope,
                format!("this token lacks the scope {needed}; create a token with it"),
                "reason-missing-scope",
            );
        }
    }
    match resource {
        Resource::OwnAccount => Decision::allow("every user manages their own account", "reason-own-account"),
        Resource::Organization { membership } => {
            let Some(m) = membership else {
                return Decision::deny(
                    ErrorCode::NotFound,
                    "you are not a member of this organization",
                    "reason-not-member",
                );
            };
            decide_in_organization(action, m)
        }
    }
}

fn decide_in_organization(action: Action, m: &MembershipRow) -> Decision {
    let role = Role::parse(&m.role).unwrap_or(Role::User);
    match action {
        Action::ProfileRead | Action::ProfileUpdate | Action::OrganizationRead => {
            Decision::allow("every member sees their organization", "reason-member")
        }
        Action::OrganizationUpdate | Action::AuditRead => {
            if role.manages_organization() {
                Decision::allow(
                    "legal representatives and administrators manage the organization",
                    "reason-manager",
                )
            } else {
                Decision::deny(
                    ErrorCode::Forbidden,
                    "role user cannot do this; an administrator or a legal representative can",
                    "reason-needs-manager",
                )
            }
        }
        Action::OrganizationUpdateLegal => {
            if role == Role::LegalRepresentative {
                Decision::allow(
                    "legal representatives change the organization's legal data",
                    "reason-legal-representative",
                )
            } else {
                Decision::deny(
                    ErrorCode::Forbidden,
                    "only a legal representative changes the organization's legal data",
                    "reason-needs-legal-representative",
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::{Credential, Origin};
    use kontor_domain::{ScopeSet, SessionId, TokenId, UserId};

    fn member(role: Role) -> MembershipRow {
        MembershipRow {
            organization_id: 1,
            user_id: 7,
            role: role.as_str().to_owned(),
            billing: false,
            contact_preferences: String::new(),
        }
    }

    fn session_user() -> Actor {
        Actor {
            kind: ActorKind::User {
                id: UserId(7),
                email: "a@b.ch".into(),
                credential: Credential::Session {
                    id: SessionId(1),
                    current_org: None,
                },
            },
            origin: Origin::default(),
        }
    }

    fn token_user(scopes: &[&str]) -> Actor {
        Actor {
            kind: ActorKind::User {
                id: UserId(7),
                email: "a@b.ch".into(),
                credential: Credential::Token {
                    id: TokenId(3),
                    scopes: ScopeSet::parse(scopes).unwrap(),
                },
            },
            origin: Origin::default(),
        }
    }

    #[test]
    fn authz_2_other_organization_is_not_found() {
        let d = decide(
            &session_user(),
            Action::OrganizationRead,
            &Resource::Organization { membership: None },
        );
        assert_eq!(d.code, Some(ErrorCode::NotFound));
    }

    #[test]
    fn org_2_user_role_cannot_update_organization_and_reason_says_who_can() {
        let m = member(Role::User);
        let d = decide(
            &session_user(),
            Action::OrganizationUpdate,
            &Resource::Organization { membership: Some(&m) },
        );
        assert_eq!(d.code, Some(ErrorCode::Forbidden));
        assert!(d.reason.contains("administrator"));
    }

    #[test]
    fn org_1_only_legal_representative_changes_legal_data() {
        let admin = member(Role::Administrator);
        let lr = member(Role::LegalRepresentative);
        let a = session_user();
        assert!(
            decide(
                &a,
                Action::OrganizationUpdate,
                &Resource::Organization {
                    membership: Some(&admin)
                }
            )
            .allowed
        );
        assert!(
            !decide(
                &a,
                Action::OrganizationUpdateLegal,
                &Resource::Organization {
                    membership: Some(&admin)
                }
            )
            .allowed
        );
        assert!(
            decide(
                &a,
                Action::OrganizationUpdateLegal,
                &Resource::Organization {
                    membership: Some(&lr)
                }
            )
            .allowed
        );
    }

    #[test]
    fn api_5_token_scope_narrows_every_decision() {
        let lr = member(Role::LegalRepresentative);
        let read_only = token_user(&["organizations:read"]);
        let r = Resource::Organization {
            membership: Some(&lr),
        };
        assert!(decide(&read_only, Action::OrganizationRead, &r).allowed);
        let d = decide(&read_only, Action::OrganizationUpdate, &r);
        assert_eq!(d.code, Some(ErrorCode::MissingScope));
        let profile_only = token_user(&["profile"]);
        assert_eq!(
            decide(&profile_only, Action::OrganizationRead, &r).code,
            Some(ErrorCode::MissingScope)
        );
        assert!(decide(&profile_only, Action::ProfileUpdate, &Resource::OwnAccount).allowed);
    }

    #[test]
    fn authz_1_anonymous_is_asked_to_sign_in() {
        let d = decide(
            &Actor::anonymous(Origin::default()),
            Action::ProfileRead,
            &Resource::OwnAccount,
        );
        assert_eq!(d.code, Some(ErrorCode::Unauthenticated));
    }
}
