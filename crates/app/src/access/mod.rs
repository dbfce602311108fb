//! The authorization decision (AUTHZ-1): one pure function answers "may this actor do this
//! action on this resource", for the console, the API and jobs alike. Services call it before
//! anything else; handlers never check roles.
//!
//! The facts a decision needs about a user in an organization (membership, role, billing flag,
//! product grants, individually or through workgroups) are loaded in one query
//! ([`App::load_facts`]) and passed in. A partnership is one more source (AUTHZ-3, PAR-9): a
//! partner's legal representatives and assigned members reach the client with the partner's
//! access, [`PartnerFacts`], in the same decision.
//!
//! A decision carries its reason (AUTHZ-4) as an English sentence and a message key for the
//! console. A resource of an organization the actor does not belong to is `not_found`, never
//! `forbidden` (AUTHZ-2).

use std::collections::{HashMap, HashSet};

use kontor_domain::{AuditAction, PartnerAccess, Role, ScopeArea, StaffRole};
use kontor_store::orgs::members;

use crate::App;
use crate::platform::actor::{Actor, ActorKind};
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// Everything an actor may ask to do, named `<area>.<verb>` in the API documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ProfileRead,
    ProfileUpdate,
    OrganizationRead,
    /// Address and other non-binding data (administrators and legal representatives).
    OrganizationUpdate,
    /// Name, kind, country, registry id, VAT number: acts that bind (legal representatives).
    OrganizationUpdateLegal,
    AuditRead,
    MembersRead,
    MembersInvite,
    MembersUpdate,
    /// Making or unmaking a legal representative (ORG-1, ORG-6).
    MembersAppointLegal,
    MembersRemove,
    WorkgroupsManage,
    ProductsRead,
    ProductsManage,
    BillingRead,
    BillingPay,
    PartnersManage,
    /// A product back-end asks whether a user may act on a product, or whether support
    /// staff may see a kind of a user's content (AUTHZ-5).
    AccessCheck,
    /// Staff: find a customer by support or VIP code and see the account data (SUP-1, SUP-2).
    StaffLookup,
    /// Staff: open customer content through a current grant (SUP-3, SUP-4).
    StaffContentOpen,
    /// Staff: decide identity-verification requests (SEC-5).
    StaffVerifications,
    /// Staff: bank statements, unmatched transfers, refunds (REC).
    StaffStatements,
    /// Staff: adjust an organization's prepaid balance, refund it to a bank account (BIL-6).
    StaffLedger,
    /// Staff: product types, plans and prices (PRD-1).
    StaffCatalog,
    /// Staff: decide partner applications and set partner discount rates (PAR-1).
    StaffPartners,
    /// Staff: create staff accounts (STF-1).
    StaffManage,
}

/// STF-1, AUTHZ-1: which staff role may do what — the one table of the staff side.
pub const STAFF_TABLE: [(Action, &[StaffRole]); 8] = [
    (
        Action::StaffLookup,
        &[StaffRole::Support, StaffRole::Billing, StaffRole::Admin],
    ),
    (Action::StaffContentOpen, &[StaffRole::Support, StaffRole::Admin]),
    (
        Action::StaffVerifications,
        &[StaffRole::Support, StaffRole::Admin],
    ),
    (Action::StaffStatements, &[StaffRole::Billing, StaffRole::Admin]),
    (Action::StaffLedger, &[StaffRole::Billing, StaffRole::Admin]),
    (Action::StaffCatalog, &[StaffRole::Admin]),
    (Action::StaffPartners, &[StaffRole::Billing, StaffRole::Admin]),
    (Action::StaffManage, &[StaffRole::Admin]),
];

impl Action {
    pub const ALL: [Action; 26] = [
        Action::ProfileRead,
        Action::ProfileUpdate,
        Action::OrganizationRead,
        Action::OrganizationUpdate,
        Action::OrganizationUpdateLegal,
        Action::AuditRead,
        Action::MembersRead,
        Action::MembersInvite,
        Action::MembersUpdate,
        Action::MembersAppointLegal,
        Action::MembersRemove,
        Action::WorkgroupsManage,
        Action::ProductsRead,
        Action::ProductsManage,
        Action::BillingRead,
        Action::BillingPay,
        Action::PartnersManage,
        Action::AccessCheck,
        Action::StaffLookup,
        Action::StaffContentOpen,
        Action::StaffVerifications,
        Action::StaffStatements,
        Action::StaffLedger,
        Action::StaffCatalog,
        Action::StaffPartners,
        Action::StaffManage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ProfileRead => "profile.read",
            Action::ProfileUpdate => "profile.update",
            Action::OrganizationRead => "organization.read",
            Action::OrganizationUpdate => "organization.update",
            Action::OrganizationUpdateLegal => "organization.update_legal",
            Action::AuditRead => "audit.read",
            Action::MembersRead => "members.read",
            Action::MembersInvite => "members.invite",
            Action::MembersUpdate => "members.update",
            Action::MembersAppointLegal => "members.appoint_legal_representative",
            Action::MembersRemove => "members.remove",
            Action::WorkgroupsManage => "workgroups.manage",
            Action::ProductsRead => "products.read",
            Action::ProductsManage => "products.manage",
            Action::BillingRead => "billing.read",
            Action::BillingPay => "billing.pay",
            Action::PartnersManage => "partners.manage",
            Action::AccessCheck => "access.check",
            Action::StaffLookup => "staff.lookup",
            Action::StaffContentOpen => "staff.content_open",
            Action::StaffVerifications => "staff.verifications",
            Action::StaffStatements => "staff.statements",
            Action::StaffLedger => "staff.ledger",
            Action::StaffCatalog => "staff.catalog",
            Action::StaffPartners => "staff.partners",
            Action::StaffManage => "staff.manage",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether this is an action of the staff console.
    pub fn is_staff(self) -> bool {
        STAFF_TABLE.iter().any(|(a, _)| *a == self)
    }

    /// The token scope this action needs, and whether it changes something.
    fn scope(self) -> Option<(ScopeArea, bool)> {
        use Action as A;
        Some(match self {
            A::ProfileRead => (ScopeArea::Profile, false),
            A::ProfileUpdate => (ScopeArea::Profile, true),
            A::OrganizationRead | A::AuditRead | A::MembersRead => (ScopeArea::Organizations, false),
            A::OrganizationUpdate
            | A::OrganizationUpdateLegal
            | A::MembersInvite
            | A::MembersUpdate
            | A::MembersAppointLegal
            | A::MembersRemove
            | A::WorkgroupsManage => (ScopeArea::Organizations, true),
            A::ProductsRead => (ScopeArea::Products, false),
            A::ProductsManage => (ScopeArea::Products, true),
            A::BillingRead => (ScopeArea::Billing, false),
            A::BillingPay => (ScopeArea::Billing, true),
            A::PartnersManage => (ScopeArea::Partners, true),
            A::AccessCheck
            | A::StaffLookup
            | A::StaffContentOpen
            | A::StaffVerifications
            | A::StaffStatements
            | A::StaffLedger
            | A::StaffCatalog
            | A::StaffPartners
            | A::StaffManage => return None,
        })
    }
}

/// How a user holds access to one product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    Individual,
    Workgroup { id: i64, name: String },
}

/// AUTHZ-3: how a partnership reaches the organization for this user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerFacts {
    pub partnership: i64,
    pub partner_org: i64,
    pub partner_name: String,
    pub access: PartnerAccess,
    /// PAR-7: under full access, whether the partner pays.
    pub partner_pays: bool,
    /// Limited access: the products listed.
    pub products: HashSet<i64>,
}

/// The facts about one user in one organization.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Role and billing flag, when the user is a member.
    pub membership: Option<(Role, bool)>,
    /// Product id → the grants that give access to it.
    pub grants: HashMap<i64, Vec<Grant>>,
    /// The partnership through which the user reaches the organization, when not a member.
    pub partner: Option<PartnerFacts>,
}

impl Facts {
    pub fn role(&self) -> Option<Role> {
        self.membership.map(|m| m.0)
    }

    /// Whether the user reaches the organization at all: as a member or through a partnership.
    pub fn reaches(&self) -> bool {
        self.membership.is_some() || self.partner.is_some()
    }

    /// The products a list shows this user, `None` for all of them: a plain user's grants, a
    /// limited partner's listed products (PRD-6, AUTHZ-3).
    pub fn only_products(&self) -> Option<Vec<i64>> {
        match (self.membership, &self.partner) {
            (Some((Role::User, _)), _) => Some(self.grants.keys().copied().collect()),
            (None, Some(p)) if p.access == PartnerAccess::Limited => {
                Some(p.products.iter().copied().collect())
            }
            (None, None) => Some(Vec::new()),
            _ => None,
        }
    }

    /// The facts for listing one's own organizations: a member, nothing more (scopes still
    /// apply).
    pub fn member_of_own() -> Facts {
        Facts {
            membership: Some((Role::User, false)),
            grants: HashMap::new(),
            partner: None,
        }
    }

    /// Builds the facts from the rows of `members::list_facts`.
    pub fn from_rows(rows: Vec<members::FactRow>) -> Facts {
        let mut facts = Facts::default();
        for r in rows {
            let ids = r
                .products
                .as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|p| p.parse::<i64>().ok());
            match r.kind.as_str() {
                "membership" => {
                    facts.membership = Some((Role::parse(&r.role).unwrap_or(Role::User), r.billing));
                }
                "individual" => {
                    for p in ids {
                        facts.grants.entry(p).or_default().push(Grant::Individual);
                    }
                }
                "partnership" => {
                    facts.partner = Some(PartnerFacts {
                        partnership: r.source_id,
                        partner_org: r.source_org,
                        partner_name: r.source_name.clone(),
                        access: PartnerAccess::parse(&r.role).unwrap_or(PartnerAccess::Limited),
                        partner_pays: r.billing,
                        products: ids.collect(),
                    });
                }
                _ => {
                    for p in ids {
                        let grant = Grant::Workgroup {
                            id: r.source_id,
                            name: r.source_name.clone(),
                        };
                        facts.grants.entry(p).or_default().push(grant);
                    }
                }
            }
        }
        facts
    }
}

/// What the action is about, with the facts loaded for it.
#[derive(Debug, Clone, Copy)]
pub enum Resource<'a> {
    /// The acting user's own account.
    OwnAccount,
    /// An organization.
    Organization(&'a Facts),
    /// One product of an organization (the caller checked it belongs to it).
    Product(&'a Facts, i64),
    /// The platform itself: what staff act on (customers found by code, the catalogue, staff).
    Platform,
    /// A kind of a user's content, and whether the user's grant for it is current (SUP-3).
    SupportContent { granted: bool },
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

/// The actors decided by their kind alone: system jobs, anonymous callers, service tokens and
/// staff (whose one table is [`STAFF_TABLE`]). `None` for a user, decided by scopes and facts.
fn by_kind(actor: &Actor, action: Action, resource: Resource<'_>) -> Option<Decision> {
    match &actor.kind {
        ActorKind::System => Some(Decision::allow(
            "system jobs act for the platform",
            "reason-system",
        )),
        ActorKind::Anonymous => Some(Decision::deny(
            ErrorCode::Unauthenticated,
            "sign in first",
            "reason-signin",
        )),
        ActorKind::Service { scopes, .. } => Some(
            if action == Action::AccessCheck && scopes.iter().any(|s| s == "access:check") {
                Decision::allow(
                    "service tokens with access:check ask access questions",
                    "reason-service",
                )
            } else {
                Decision::deny(
                    ErrorCode::Forbidden,
                    "a service token only checks access (GET /1/access/check)",
                    "reason-service-only-checks",
                )
            },
        ),
        ActorKind::Staff { role, two_factor, .. } => {
            Some(staff_decision(*role, *two_factor, action, resource))
        }
        ActorKind::User { .. } => None,
    }
}

/// The one decision function (AUTHZ-1).
pub fn decide(actor: &Actor, action: Action, resource: Resource<'_>) -> Decision {
    if let Some(d) = by_kind(actor, action, resource) {
        return d;
    }
    if action.is_staff() {
        // The staff side does not exist for a customer (STF-1, AUTHZ-2).
        return Decision::deny(
            ErrorCode::NotFound,
            "this is not a customer action",
            "reason-not-found",
        );
    }
    let Some((area, write)) = action.scope() else {
        return Decision::deny(
            ErrorCode::Forbidden,
            "only service tokens check access",
            "reason-service-only",
        );
    };
    // A token is narrowed by its scopes before anything else.
    if let Some(scopes) = actor.token_scopes()
        && !scopes.allows(area, write)
    {
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
    match resource {
        Resource::OwnAccount => Decision::allow("every user manages their own account", "reason-own-account"),
        Resource::Organization(facts) => match (facts.membership, &facts.partner) {
            (Some((role, billing)), _) => in_organization(action, role, billing),
            (None, Some(partner)) => as_partner(action, partner, None),
            (None, None) => not_member(),
        },
        Resource::Product(facts, product) => match (facts.membership, &facts.partner) {
            (Some((role, billing)), _) => on_product(action, role, billing, facts.grants.get(&product)),
            (None, Some(partner)) => as_partner(action, partner, Some(product)),
            (None, None) => not_member(),
        },
        Resource::Platform | Resource::SupportContent { .. } => Decision::deny(
            ErrorCode::NotFound,
            "this is not a customer resource",
            "reason-not-found",
        ),
    }
}

/// STF-1: a staff member's own account (their second factor) is always theirs; without a
/// second factor nothing else is; then [`STAFF_TABLE`] decides, and customer content needs the
/// customer's current grant (SUP-3, SUP-4). Staff never act as members of an organization.
fn staff_decision(role: StaffRole, two_factor: bool, action: Action, resource: Resource<'_>) -> Decision {
    if matches!(resource, Resource::OwnAccount)
        && matches!(action, Action::ProfileRead | Action::ProfileUpdate)
    {
        return Decision::allow(
            "staff manage their own sign-in and second factor",
            "reason-staff-own",
        );
    }
    if !two_factor {
        return Decision::deny(
            ErrorCode::TwoFactorSetupRequired,
            "staff set up their second factor before anything else",
            "reason-staff-setup-2fa",
        );
    }
    let Some((_, roles)) = STAFF_TABLE.iter().find(|(a, _)| *a == action) else {
        return Decision::deny(
            ErrorCode::Forbidden,
            "staff act on customers through the staff console, not as members",
            "reason-staff-not-member",
        );
    };
    if !roles.contains(&role) {
        let who: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        return Decision::deny(
            ErrorCode::Forbidden,
            format!(
                "staff role {role} may not do {}; the roles {} may",
                action.as_str(),
                who.join(", ")
            ),
            "reason-staff-role",
        );
    }
    if let Resource::SupportContent { granted: false } = resource {
        return Decision::deny(
            ErrorCode::Forbidden,
            "the customer has not granted support access to this kind of content; only they can",
            "reason-staff-no-grant",
        );
    }
    Decision::allow(
        format!("staff role {role} may do {}", action.as_str()),
        "reason-staff-role-allows",
    )
}

fn not_member() -> Decision {
    Decision::deny(
        ErrorCode::NotFound,
        "you are not a member of this organization",
        "reason-not-member",
    )
}

fn needs_manager() -> Decision {
    Decision::deny(
        ErrorCode::Forbidden,
        "role user cannot do this; an administrator or a legal representative can",
        "reason-needs-manager",
    )
}

fn needs_legal_representative(what: &str) -> Decision {
    Decision::deny(
        ErrorCode::Forbidden,
        format!("only a legal representative {what}"),
        "reason-needs-legal-representative",
    )
}

/// ORG-1: billing needs the billing flag; a legal representative always has it.
fn billing_right(role: Role, has: bool) -> Decision {
    if has {
        return Decision::allow(
            "members with the billing right see invoices and pay",
            "reason-billing",
        );
    }
    Decision::deny(
        ErrorCode::BillingRightRequired,
        format!(
            "role {} has no billing right; a legal representative or an administrator can grant it",
            role.as_str()
        ),
        "reason-needs-billing",
    )
}

fn in_organization(action: Action, role: Role, billing: bool) -> Decision {
    use Action as A;
    let manager = role.manages_organization();
    let legal = role == Role::LegalRepresentative;
    match action {
        A::ProfileRead | A::ProfileUpdate | A::OrganizationRead | A::ProductsRead => {
            Decision::allow("every member sees their organization", "reason-member")
        }
        A::OrganizationUpdate
        | A::AuditRead
        | A::MembersRead
        | A::MembersInvite
        | A::MembersUpdate
        | A::MembersRemove
        | A::WorkgroupsManage
        | A::ProductsManage => {
            if manager {
                Decision::allow(
                    "legal representatives and administrators manage the organization",
                    "reason-manager",
                )
            } else {
                needs_manager()
            }
        }
        A::OrganizationUpdateLegal | A::MembersAppointLegal | A::PartnersManage => {
            if legal {
                Decision::allow(
                    "legal representatives perform the acts that bind the organization",
                    "reason-legal-representative",
                )
            } else {
                needs_legal_representative(match action {
                    A::MembersAppointLegal => "appoints or removes legal representatives",
                    A::PartnersManage => "gives partners access or manages clients",
                    _ => "changes the organization's legal data",
                })
            }
        }
        A::BillingRead | A::BillingPay => billing_right(role, legal || billing),
        A::AccessCheck => Decision::deny(
            ErrorCode::Forbidden,
            "only service tokens check access",
            "reason-service-only",
        ),
        A::StaffLookup
        | A::StaffContentOpen
        | A::StaffVerifications
        | A::StaffStatements
        | A::StaffLedger
        | A::StaffCatalog
        | A::StaffPartners
        | A::StaffManage => Decision::deny(
            ErrorCode::NotFound,
            "this is not a customer action",
            "reason-not-found",
        ),
    }
}

/// AUTHZ-3, PAR-2, PAR-7: what a partner may do in its client's organization. It manages
/// products — every product under full access, the listed ones under limited access (others do
/// not exist for it) — and never sees the client's invoices, members or audit log: under
/// client-pays the client holds the invoices, under partner-pays they live with the partner.
fn as_partner(action: Action, partner: &PartnerFacts, product: Option<i64>) -> Decision {
    use Action as A;
    let name = &partner.partner_name;
    let full = partner.access == PartnerAccess::Full;
    match action {
        A::ProfileRead | A::ProfileUpdate => {
            Decision::allow("every user manages their own account", "reason-own-account")
        }
        A::OrganizationRead | A::ProductsRead | A::ProductsManage => match product {
            Some(p) if !full && !partner.products.contains(&p) => Decision::deny(
                ErrorCode::NotFound,
                format!("the limited access of partner \"{name}\" does not list this product"),
                "reason-not-found",
            ),
            Some(_) => Decision::allow(
                format!("partner \"{name}\" manages this product for the client"),
                "reason-partner-product",
            ),
            None if full || action != A::ProductsManage => Decision::allow(
                format!("partner \"{name}\" manages this client's products"),
                "reason-partner",
            ),
            None => Decision::deny(
                ErrorCode::Forbidden,
                format!(
                    "the limited access of partner \"{name}\" covers the listed products only; the client can give full access"
                ),
                "reason-partner-limited",
            ),
        },
        A::BillingRead | A::BillingPay => Decision::deny(
            ErrorCode::NotFound,
            "a partner sees none of the client's invoices",
            "reason-not-found",
        ),
        _ => Decision::deny(
            ErrorCode::Forbidden,
            format!(
                "partner \"{name}\" manages products, not the client's organization; the client's legal representatives do"
            ),
            "reason-partner-not-member",
        ),
    }
}

fn on_product(action: Action, role: Role, billing: bool, grants: Option<&Vec<Grant>>) -> Decision {
    if !matches!(action, Action::ProductsRead | Action::ProductsManage) {
        return in_organization(action, role, billing);
    }
    if role.manages_organization() {
        return Decision::allow(
            format!(
                "role {} sees and manages every product of the organization",
                role.as_str()
            ),
            "reason-manager-products",
        );
    }
    match grants.and_then(|g| g.first()) {
        Some(Grant::Individual) => {
            Decision::allow("this product is granted to you individually", "reason-granted")
        }
        Some(Grant::Workgroup { name, .. }) => Decision::allow(
            format!("this product is granted to your workgroup \"{name}\""),
            "reason-granted-workgroup",
        ),
        None => Decision::deny(
            ErrorCode::Forbidden,
            "role user reaches only the products granted to them or to one of their workgroups; an administrator can grant this one",
            "reason-needs-grant",
        ),
    }
}

impl App {
    /// AUTHZ-1: the facts about the acting user in `org`, in one query.
    pub async fn load_facts(&self, actor: &Actor, org: i64) -> AppResult<Facts> {
        let Some(user) = actor.user_id() else {
            return Ok(Facts::default());
        };
        self.load_user_facts(user.0, org).await
    }

    pub(crate) async fn load_user_facts(&self, user: i64, org: i64) -> AppResult<Facts> {
        let mut c = self.read().await?;
        Ok(Facts::from_rows(members::list_facts(&mut c, org, user).await?))
    }
}

impl App {
    /// AUTHZ-4: the decision for the calling user on an organization or one of its products,
    /// with the rule that decided. Another organization answers 404 (AUTHZ-2).
    pub async fn explain(
        &self,
        actor: &Actor,
        org: i64,
        action: Action,
        product: Option<i64>,
    ) -> AppResult<Decision> {
        match &actor.kind {
            ActorKind::User { .. } => {}
            ActorKind::Anonymous => return Err(AppError::new(ErrorCode::Unauthenticated)),
            ActorKind::Service { .. } | ActorKind::System | ActorKind::Staff { .. } => {
                return Err(AppError::with_message(
                    ErrorCode::Forbidden,
                    "explain answers for a user",
                ));
            }
        }
        // A token's missing scope is part of the answer, not a refusal to answer.
        let facts = self.load_facts(actor, org).await?;
        if !facts.reaches() {
            return Err(AppError::not_found());
        }
        match product {
            None => Ok(decide(actor, action, Resource::Organization(&facts))),
            Some(p) => {
                let mut c = self.read().await?;
                let row = kontor_store::products::find_product(&mut c, p).await?;
                if row.is_none_or(|r| r.organization_id != org) {
                    return Err(AppError::not_found());
                }
                Ok(decide(actor, action, Resource::Product(&facts, p)))
            }
        }
    }

    /// AUTHZ-5: may `user` do `action` on `product`? Asked by a product back-end with a service
    /// token. An unknown user or product answers 404.
    pub async fn check_access(
        &self,
        actor: &Actor,
        user: i64,
        product: i64,
        action: Action,
    ) -> AppResult<Decision> {
        decide(actor, Action::AccessCheck, Resource::OwnAccount).into_result()?;
        let mut c = self.read().await?;
        let row = kontor_store::products::find_product(&mut c, product)
            .await?
            .ok_or_else(AppError::not_found)?;
        let u = kontor_store::identity::users::find_user(&mut c, user)
            .await?
            .ok_or_else(AppError::not_found)?;
        drop(c);
        let facts = self.load_user_facts(u.id, row.organization_id).await?;
        let as_user = Actor::user(kontor_domain::UserId(u.id), &u.email, actor.origin.clone());
        let d = decide(&as_user, action, Resource::Product(&facts, product));
        // Not being a member is a plain "no" for a back-end, not a missing resource.
        Ok(d)
    }

    /// AUTHZ-5: resolves an operator-issued service token (`kst_...`).
    pub async fn resolve_service_token(&self, secret: &str, origin: crate::Origin) -> AppResult<Actor> {
        let mut c = self.read().await?;
        let row = kontor_store::identity::service_tokens::find_service_token_by_hash(
            &mut c,
            &crate::platform::crypto::sha256_hex(secret),
        )
        .await?
        .filter(|t| t.revoked_at.is_none())
        .ok_or_else(|| AppError::new(ErrorCode::InvalidToken))?;
        Ok(Actor {
            kind: ActorKind::Service {
                id: row.id,
                name: row.name,
                scopes: row.scopes.split_whitespace().map(ToOwned::to_owned).collect(),
            },
            origin,
        })
    }

    /// `kontor service-token create`: a new service token, shown once.
    pub async fn create_service_token(&self, name: &str, scopes: &[String]) -> AppResult<String> {
        let mut v = crate::platform::error::Validator::default();
        v.name("name", name, 100);
        v.check(
            !scopes.is_empty() && scopes.iter().all(|s| s == "access:check"),
            "scope",
            "unknown_scope",
        );
        v.finish()?;
        let secret = crate::platform::crypto::new_secret("kst_");
        let now = self.now_ts();
        let mut tx = self.write().await?;
        let id = kontor_store::identity::service_tokens::insert_service_token(
            &mut tx,
            name.trim(),
            &crate::platform::crypto::sha256_hex(&secret),
            &scopes.join(" "),
            now,
        )
        .await
        .map_err(|e| AppError::unique_as(e, "name", ErrorCode::NameTaken))?;
        crate::platform::audit::record(
            &mut tx,
            &Actor::system(),
            now,
            crate::platform::audit::Entry::new(AuditAction::ServiceTokenCreate, "service_token", Some(id))
                .details(format!("name={name}")),
        )
        .await?;
        self.commit(tx, false).await?;
        Ok(secret)
    }
}

/// Decides and turns a denial into the service's error.
pub(crate) fn authorize(actor: &Actor, action: Action, resource: Resource<'_>) -> AppResult<()> {
    decide(actor, action, resource).into_result()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::actor::{Credential, Origin};
    use kontor_domain::{ScopeSet, SessionId, TokenId, UserId};

    fn facts(role: Role, billing: bool) -> Facts {
        Facts {
            membership: Some((role, billing)),
            grants: HashMap::new(),
            partner: None,
        }
    }

    fn user() -> Actor {
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

    fn token(scopes: &[&str]) -> Actor {
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
        let none = Facts::default();
        let d = decide(&user(), Action::OrganizationRead, Resource::Organization(&none));
        assert_eq!(d.code, Some(ErrorCode::NotFound));
        let d = decide(&user(), Action::ProductsRead, Resource::Product(&none, 1));
        assert_eq!(d.code, Some(ErrorCode::NotFound));
    }

    #[test]
    fn org_1_roles_decide_what_a_member_may_do() {
        let lr = facts(Role::LegalRepresentative, true);
        let admin = facts(Role::Administrator, false);
        let member = facts(Role::User, false);
        let a = user();
        for action in [Action::MembersInvite, Action::WorkgroupsManage, Action::AuditRead] {
            assert!(decide(&a, action, Resource::Organization(&admin)).allowed);
            assert_eq!(
                decide(&a, action, Resource::Organization(&member)).code,
                Some(ErrorCode::Forbidden)
            );
        }
        assert!(!decide(&a, Action::MembersAppointLegal, Resource::Organization(&admin)).allowed);
        assert!(decide(&a, Action::MembersAppointLegal, Resource::Organization(&lr)).allowed);
        assert!(
            !decide(
                &a,
                Action::OrganizationUpdateLegal,
                Resource::Organization(&admin)
            )
            .allowed
        );
        assert!(!decide(&a, Action::PartnersManage, Resource::Organization(&admin)).allowed);
    }

    #[test]
    fn org_1_billing_needs_the_flag_or_legal_representative() {
        let a = user();
        let plain = facts(Role::Administrator, false);
        let flagged = facts(Role::User, true);
        let lr = facts(Role::LegalRepresentative, false);
        let d = decide(&a, Action::BillingPay, Resource::Organization(&plain));
        assert_eq!(d.code, Some(ErrorCode::BillingRightRequired));
        assert!(d.reason.contains("no billing right"));
        assert!(decide(&a, Action::BillingPay, Resource::Organization(&flagged)).allowed);
        assert!(decide(&a, Action::BillingRead, Resource::Organization(&lr)).allowed);
    }

    #[test]
    fn authz_3_product_access_comes_from_role_individual_grant_or_workgroup() {
        let a = user();
        let mut f = facts(Role::User, false);
        f.grants.insert(1, vec![Grant::Individual]);
        f.grants.insert(
            2,
            vec![Grant::Workgroup {
                id: 9,
                name: "Web".into(),
            }],
        );
        assert!(decide(&a, Action::ProductsManage, Resource::Product(&f, 1)).allowed);
        let via_group = decide(&a, Action::ProductsManage, Resource::Product(&f, 2));
        assert!(via_group.allowed && via_group.reason.contains("Web"));
        let none = decide(&a, Action::ProductsManage, Resource::Product(&f, 3));
        assert_eq!(none.code, Some(ErrorCode::Forbidden));
        assert!(none.reason.contains("an administrator can grant"));
        let admin = facts(Role::Administrator, false);
        assert!(decide(&a, Action::ProductsManage, Resource::Product(&admin, 3)).allowed);
    }

    #[test]
    fn api_5_token_scope_narrows_every_decision() {
        let lr = facts(Role::LegalRepresentative, true);
        let read_only = token(&["organizations:read"]);
        assert!(decide(&read_only, Action::OrganizationRead, Resource::Organization(&lr)).allowed);
        assert_eq!(
            decide(&read_only, Action::MembersInvite, Resource::Organization(&lr)).code,
            Some(ErrorCode::MissingScope)
        );
        let billing = token(&["billing:read"]);
        assert!(decide(&billing, Action::BillingRead, Resource::Organization(&lr)).allowed);
        assert_eq!(
            decide(&billing, Action::BillingPay, Resource::Organization(&lr)).code,
            Some(ErrorCode::MissingScope)
        );
    }

    #[test]
    fn authz_1_anonymous_is_asked_to_sign_in_and_service_tokens_only_check() {
        let d = decide(
            &Actor::anonymous(Origin::default()),
            Action::ProfileRead,
            Resource::OwnAccount,
        );
        assert_eq!(d.code, Some(ErrorCode::Unauthenticated));
        let service = Actor {
            kind: ActorKind::Service {
                id: 1,
                name: "mail".into(),
                scopes: vec!["access:check".into()],
            },
            origin: Origin::default(),
        };
        assert!(decide(&service, Action::AccessCheck, Resource::OwnAccount).allowed);
        assert_eq!(
            decide(&service, Action::ProfileRead, Resource::OwnAccount).code,
            Some(ErrorCode::Forbidden)
        );
        assert!(!decide(&user(), Action::AccessCheck, Resource::OwnAccount).allowed);
    }

    #[test]
    fn authz_4_every_action_has_a_stable_name() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }
}
