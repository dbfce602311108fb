//! Organizations as the foundation knows them (ACC-9, ORG-9, OPS-5): the user's list, one
//! organization's data, its update, and its audit log.

pub mod audit_text;
pub mod invitations;
pub mod members;
pub mod workgroups;

use kontor_domain::{AuditAction, Country, OrgId, OrgKind};
use kontor_store::orgs::{self, MembershipRow, MyOrgRow, OrgRow, OrgUpdate};
use kontor_store::platform::audit::{self as audit_repo, AuditFilter, AuditRow};

use crate::App;
use crate::access::{Action, Facts, Resource, decide};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};

/// Changes to an organization; absent fields stay as they are. `Some("")` clears an
/// optional field.
#[derive(Debug, Clone, Default)]
pub struct OrgChanges {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub street: Option<String>,
    pub building_number: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub registry_id: Option<String>,
    pub vat_number: Option<String>,
}

impl OrgChanges {
    /// Whether a field that binds the organization changes (ORG-1: legal representatives).
    fn touches_legal_data(&self, org: &OrgRow) -> bool {
        let differs = |new: &Option<String>, old: &str| new.as_deref().is_some_and(|n| n.trim() != old);
        differs(&self.name, &org.name)
            || differs(&self.kind, &org.kind)
            || differs(&self.country, &org.country)
            || differs(&self.registry_id, org.registry_id.as_deref().unwrap_or_default())
            || differs(&self.vat_number, org.vat_number.as_deref().unwrap_or_default())
    }
}

/// An organization with the caller's membership in it.
#[derive(Debug, Clone)]
pub struct OrgView {
    pub org: OrgRow,
    pub membership: MembershipRow,
}

/// ORG-9: the problem code of a VAT number that is not `country`'s (`kontor_domain::vat`), if
/// any: the country's format, with the country's own prefix.
pub(crate) fn vat_problem(country: &str, vat: &str) -> Option<&'static str> {
    match kontor_domain::vat::check(country, vat) {
        Ok(()) => None,
        Err(kontor_domain::vat::VatProblem::Format) => Some("invalid_vat_number"),
        Err(kontor_domain::vat::VatProblem::OtherCountry) => Some("vat_other_country"),
    }
}

/// An organization's data after a change: the changed fields trimmed, the others as they
/// were.
struct OrgData {
    name: String,
    kind: String,
    country: String,
    street: String,
    building_number: String,
    postal_code: String,
    city: String,
    registry: Option<String>,
    vat: Option<String>,
}

/// ORG-9: applies `ch` to `old` and checks the result, every problem named at once.
fn merged(ch: &OrgChanges, old: &OrgRow) -> AppResult<OrgData> {
    let pick = |new: &Option<String>, old: &str| {
        new.as_deref()
            .map_or_else(|| old.to_owned(), |s| s.trim().to_owned())
    };
    let name = pick(&ch.name, &old.name);
    let kind = pick(&ch.kind, &old.kind);
    let country = pick(&ch.country, &old.country).to_uppercase();
    let street = pick(&ch.street, &old.street);
    let building_number = pick(&ch.building_number, &old.building_number);
    let postal_code = pick(&ch.postal_code, &old.postal_code);
    let city = pick(&ch.city, &old.city);
    let registry = pick(&ch.registry_id, old.registry_id.as_deref().unwrap_or_default());
    let vat = pick(&ch.vat_number, old.vat_number.as_deref().unwrap_or_default());
    Validator::default()
        .name("name", &name, 200)
        .check(OrgKind::parse(&kind).is_some(), "kind", "invalid_kind")
        .check(Country::parse(&country).is_some(), "country", "invalid_country")
        .line("street", &street, 70)
        .line("building_number", &building_number, 16)
        .line("postal_code", &postal_code, 16)
        .line("city", &city, 35)
        .line("registry_id", &registry, 50)
        .line("vat_number", &vat, 30)
        .check(
            vat.is_empty() || vat_problem(&country, &vat) != Some("invalid_vat_number"),
            "vat_number",
            "invalid_vat_number",
        )
        .check(
            vat.is_empty() || vat_problem(&country, &vat) != Some("vat_other_country"),
            "vat_number",
            "vat_other_country",
        )
        .finish()?;
    let opt = |s: String| (!s.is_empty()).then_some(s);
    Ok(OrgData {
        name,
        kind,
        country,
        street,
        building_number,
        postal_code,
        city,
        registry: opt(registry),
        vat: opt(vat),
    })
}

impl App {
    async fn membership(&self, actor: &Actor, org: OrgId) -> AppResult<Option<MembershipRow>> {
        let Some(user) = actor.user_id() else {
            return Ok(None);
        };
        let mut c = self.read().await?;
        Ok(orgs::find_membership(&mut c, org.0, user.0).await?)
    }

    /// ACC-9: the organizations of the signed-in user, with their role.
    pub async fn list_organizations(&self, actor: &Actor) -> AppResult<Vec<MyOrgRow>> {
        decide(actor, Action::ProfileRead, Resource::OwnAccount).into_result()?;
        let user = actor
            .user_id()
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        let mut c = self.read().await?;
        let all = orgs::list_orgs_of_user(&mut c, user.0).await?;
        // The list is the user's own memberships; a token still needs the read scope.
        decide(
            actor,
            Action::OrganizationRead,
            Resource::Organization(&Facts::member_of_own()),
        )
        .into_result()?;
        Ok(all)
    }

    pub async fn get_organization(&self, actor: &Actor, org: OrgId) -> AppResult<OrgView> {
        let facts = self.load_facts(actor, org.0).await?;
        decide(actor, Action::OrganizationRead, Resource::Organization(&facts)).into_result()?;
        let membership = self.membership(actor, org).await?;
        let mut c = self.read().await?;
        let row = orgs::find_org(&mut c, org.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        // PAR-9: a partner's member reaches the client with the role `partner`.
        let membership = match (membership, actor.user_id()) {
            (Some(m), _) => m,
            (None, Some(user)) if facts.partner.is_some() => MembershipRow {
                organization_id: org.0,
                user_id: user.0,
                role: "partner".to_owned(),
                billing: false,
                contact_preferences: String::new(),
            },
            _ => return Err(AppError::not_found()),
        };
        Ok(OrgView { org: row, membership })
    }

    /// ORG-2, ORG-9: administrators change the address; legal data needs a legal
    /// representative.
    pub async fn update_organization(&self, actor: &Actor, org: OrgId, ch: OrgChanges) -> AppResult<OrgView> {
        let view = self.get_organization(actor, org).await?;
        let facts = self.load_facts(actor, org.0).await?;
        let resource = Resource::Organization(&facts);
        decide(actor, Action::OrganizationUpdate, resource).into_result()?;
        let old = &view.org;
        if ch.touches_legal_data(old) {
            decide(actor, Action::OrganizationUpdateLegal, resource).into_result()?;
        }
        let d = merged(&ch, old)?;
        let ts = self.now_ts();
        let mut change = self.change(actor, ts).await?;
        let update = OrgUpdate {
            name: &d.name,
            kind: &d.kind,
            country: &d.country,
            street: &d.street,
            building_number: &d.building_number,
            postal_code: &d.postal_code,
            city: &d.city,
            registry_id: d.registry.as_deref(),
            vat_number: d.vat.as_deref(),
        };
        orgs::update_org(&mut change.tx, org.0, &update, ts).await?;
        let details = format!(
            "name={} kind={} country={} city={}",
            d.name, d.kind, d.country, d.city
        );
        change
            .record(
                Entry::new(AuditAction::OrganizationUpdate, "organization", Some(org.0))
                    .org(org.0)
                    .details(details),
            )
            .await?;
        change.commit().await?;
        self.get_organization(actor, org).await
    }

    /// OPS-5: one page of the organization's audit log, newest first, with the total.
    pub async fn list_audit(
        &self,
        actor: &Actor,
        org: OrgId,
        filter: &AuditFilter,
        page: i64,
        per_page: i64,
    ) -> AppResult<(Vec<AuditRow>, i64)> {
        let facts = self.load_facts(actor, org.0).await?;
        decide(actor, Action::AuditRead, Resource::Organization(&facts)).into_result()?;
        let mut c = self.read().await?;
        let offset = crate::platform::error::page_offset(page, per_page)?;
        Ok(audit_repo::list_audit_of_org(&mut c, org.0, filter, per_page, offset).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::vat_problem;

    #[test]
    fn org_9_vat_numbers_are_format_checked_per_country() {
        assert_eq!(vat_problem("CH", "CHE-123.456.789 MWST"), None);
        assert_eq!(vat_problem("CH", "CHE-123.456"), Some("invalid_vat_number"));
        assert_eq!(vat_problem("FR", "FR12345678901"), None);
        assert_eq!(vat_problem("DE", "123456789"), Some("invalid_vat_number"));
        assert_eq!(vat_problem("DE", "FR12345678901"), Some("vat_other_country"));
    }
}
