//! Billing addresses (BIL-7): several per organization, one the default, chosen at order and
//! renewal time. Without any, invoices are made out to the organization's own address.

use kontor_domain::{AuditAction, Country, OrgId};
use kontor_store::Conn;
use kontor_store::billing::addresses::{self as repo, AddressRow};
use kontor_store::orgs::OrgRow;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, Validator};

/// The fields of an address a member sends.
#[derive(Debug, Clone, Default)]
pub struct AddressInput {
    pub name: String,
    pub street: String,
    pub building_number: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: String,
    pub email: String,
    pub is_default: bool,
}

impl AddressInput {
    /// Lengths follow the QR-bill's structured address (name 70, street 70, building 16,
    /// postal code 16, town 35) so every address can be printed on a payment slip.
    fn validate(&self) -> AppResult<(AddressInput, String)> {
        let mut v = Validator::default();
        let trim = |s: &str| s.trim().to_owned();
        let a = AddressInput {
            name: trim(&self.name),
            street: trim(&self.street),
            building_number: trim(&self.building_number),
            postal_code: trim(&self.postal_code),
            city: trim(&self.city),
            country: trim(&self.country),
            vat_number: trim(&self.vat_number),
            email: trim(&self.email),
            is_default: self.is_default,
        };
        let len = |s: &str| s.chars().count();
        v.check(!a.name.is_empty() && len(&a.name) <= 70, "name", "invalid");
        v.check(!a.street.is_empty() && len(&a.street) <= 70, "street", "invalid");
        v.check(len(&a.building_number) <= 16, "building_number", "too_long");
        v.check(
            !a.postal_code.is_empty() && len(&a.postal_code) <= 16,
            "postal_code",
            "invalid",
        );
        v.check(!a.city.is_empty() && len(&a.city) <= 35, "city", "invalid");
        v.check(len(&a.vat_number) <= 32, "vat_number", "too_long");
        if let Some(code) = (!a.vat_number.is_empty())
            .then(|| crate::orgs::vat_problem(&a.country.to_ascii_uppercase(), &a.vat_number))
            .flatten()
        {
            v.check(false, "vat_number", code);
        }
        v.check(
            a.email.is_empty() || kontor_domain::Email::parse(&a.email).is_some(),
            "email",
            "invalid",
        );
        let all = [
            &a.name,
            &a.street,
            &a.building_number,
            &a.postal_code,
            &a.city,
            &a.vat_number,
        ];
        v.check(
            all.iter()
                .all(|s| s.chars().all(kontor_domain::qrbill::allowed_char)),
            "name",
            "unsupported_character",
        );
        let country = Country::parse(&a.country).map(|c| c.as_str().to_owned());
        v.check(country.is_some(), "country", "invalid");
        v.finish()?;
        Ok((a, country.unwrap_or_default()))
    }
}

impl App {
    async fn authorize_addresses(&self, actor: &Actor, org: OrgId, action: Action) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, action, Resource::Organization(&facts))
    }

    pub async fn list_addresses(&self, actor: &Actor, org: OrgId) -> AppResult<Vec<AddressRow>> {
        self.authorize_addresses(actor, org, Action::BillingRead).await?;
        let mut c = self.read().await?;
        Ok(repo::list(&mut c, org.0).await?)
    }

    pub async fn get_address(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<AddressRow> {
        self.authorize_addresses(actor, org, Action::BillingRead).await?;
        let mut c = self.read().await?;
        repo::find(&mut c, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)
    }

    /// BIL-7: the first address becomes the default whatever it says.
    pub async fn add_address(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &AddressInput,
    ) -> AppResult<AddressRow> {
        self.authorize_addresses(actor, org, Action::BillingPay).await?;
        let (a, country) = input.validate()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let first = repo::list(&mut change.tx, org.0).await?.is_empty();
        let mut row = to_row(org, 0, a, country);
        row.is_default |= first;
        row.id = repo::insert(&mut change.tx, &row, now).await?;
        if row.is_default {
            repo::clear_default_except(&mut change.tx, org.0, row.id).await?;
        }
        change
            .record(
                Entry::new(AuditAction::BillingAddressAdd, "billing_address", Some(row.id))
                    .org(org.0)
                    .details(format!("{}, {} {}", row.name, row.postal_code, row.city)),
            )
            .await?;
        change.commit().await?;
        Ok(row)
    }

    /// BIL-7: changes an address; the default cannot be unset, only moved to another one.
    pub async fn update_address(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        input: &AddressInput,
    ) -> AppResult<AddressRow> {
        self.authorize_addresses(actor, org, Action::BillingPay).await?;
        let (a, country) = input.validate()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let old = repo::find(&mut change.tx, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let mut row = to_row(org, id, a, country);
        row.is_default |= old.is_default;
        repo::update(&mut change.tx, &row, now).await?;
        if row.is_default {
            repo::clear_default_except(&mut change.tx, org.0, id).await?;
        }
        change
            .record(
                Entry::new(AuditAction::BillingAddressUpdate, "billing_address", Some(id))
                    .org(org.0)
                    .details(format!(
                        "{}, {} {} default={}",
                        row.name, row.postal_code, row.city, row.is_default
                    )),
            )
            .await?;
        change.commit().await?;
        Ok(row)
    }

    /// BIL-7: makes an address the one invoices are made out to by default.
    pub async fn make_default_address(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<()> {
        let a = self.get_address(actor, org, id).await?;
        let input = AddressInput {
            name: a.name,
            street: a.street,
            building_number: a.building_number,
            postal_code: a.postal_code,
            city: a.city,
            country: a.country,
            vat_number: a.vat_number,
            email: a.email,
            is_default: true,
        };
        self.update_address(actor, org, id, &input).await.map(|_| ())
    }

    /// BIL-7: removes an address; when it was the default, the oldest remaining one is.
    /// Issued invoices keep the copy they were made out to.
    pub async fn delete_address(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<()> {
        self.authorize_addresses(actor, org, Action::BillingPay).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let old = repo::find(&mut change.tx, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        repo::delete(&mut change.tx, org.0, id, now).await?;
        if old.is_default
            && let Some(mut next) = repo::list(&mut change.tx, org.0).await?.into_iter().next()
        {
            next.is_default = true;
            repo::update(&mut change.tx, &next, now).await?;
        }
        change
            .record(Entry::new(AuditAction::BillingAddressDelete, "billing_address", Some(id)).org(org.0))
            .await?;
        change.commit().await
    }

    /// An address chosen at order or renewal time must be one of the organization's.
    pub(crate) async fn check_address(&self, org: OrgId, id: Option<i64>) -> AppResult<()> {
        if let Some(id) = id {
            let mut c = self.read().await?;
            repo::find(&mut c, org.0, id)
                .await?
                .ok_or_else(|| AppError::field("billing_address_id", "unknown"))?;
        }
        Ok(())
    }

    /// Whom an invoice is made out to: the address chosen, else the default one, else the
    /// organization itself.
    pub(crate) async fn bill_to(
        &self,
        tx: &mut Conn,
        org: &OrgRow,
        chosen: Option<i64>,
    ) -> AppResult<AddressRow> {
        let found = match chosen {
            Some(id) => repo::find(tx, org.id, id).await?,
            None => None,
        };
        let found = match found {
            Some(a) => Some(a),
            None => repo::find_default(tx, org.id).await?,
        };
        Ok(found.unwrap_or_else(|| AddressRow {
            id: 0,
            organization_id: org.id,
            name: org.name.clone(),
            street: org.street.clone(),
            building_number: org.building_number.clone(),
            postal_code: org.postal_code.clone(),
            city: org.city.clone(),
            country: org.country.clone(),
            vat_number: org.vat_number.clone().unwrap_or_default(),
            email: String::new(),
            is_default: true,
        }))
    }
}

fn to_row(org: OrgId, id: i64, a: AddressInput, country: String) -> AddressRow {
    AddressRow {
        id,
        organization_id: org.0,
        name: a.name,
        street: a.street,
        building_number: a.building_number,
        postal_code: a.postal_code,
        city: a.city,
        country,
        vat_number: a.vat_number,
        email: a.email,
        is_default: a.is_default,
    }
}
