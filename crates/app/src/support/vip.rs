//! SUP-2: an organization holding an active premium-support product has a VIP code, made the
//! first time a member opens the premium-support page, and shown there with the priority
//! line's contact details (configuration: `premium_support_*`). Support staff find the
//! organization by it; the code counts only while the product is active.

use kontor_domain::{AuditAction, OrgId, ProductStatus};
use kontor_store::Conn;
use kontor_store::billing::invoices::{self, InvoiceRow};
use kontor_store::orgs::{self, OrgRow};
use kontor_store::products::{self, ProductRow};
use rand::Rng as _;

use crate::App;
use crate::access::{Action, Resource, authorize, decide};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult};
use crate::platform::settings::PremiumContact;

/// The product type premium support is ordered as (PRD-1).
pub const PREMIUM_SUPPORT: &str = "premium_support";
/// Letters and digits a caller cannot confuse when reading the code aloud.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 8;

/// What the premium-support page shows.
#[derive(Debug, Clone)]
pub struct PremiumSupport {
    /// The active premium-support product, when the organization holds one.
    pub product: Option<ProductRow>,
    /// `XXXX-XXXX`, only with the product.
    pub vip_code: Option<String>,
    /// The priority line, only with the product.
    pub contact: Option<PremiumContact>,
}

/// An organization found by its VIP code, as support staff see it.
#[derive(Debug, Clone)]
pub struct VipCustomer {
    /// `XXXX-XXXX`.
    pub vip_code: String,
    pub organization: OrgRow,
    pub premium: ProductRow,
    pub products: Vec<ProductRow>,
    pub invoices: Vec<InvoiceRow>,
}

/// `ABCD2345` → `ABCD-2345`.
pub fn display_vip_code(code: &str) -> String {
    if code.len() == CODE_LEN {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code.to_owned()
    }
}

/// What someone typed or read out (`vip-abcd 2345`) as a stored code; `None` when it cannot
/// be one.
pub fn normalize_vip_code(typed: &str) -> Option<String> {
    let upper: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let code = upper.strip_prefix("VIP").unwrap_or(&upper);
    (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then(|| code.to_owned())
}

fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

async fn active_premium(c: &mut Conn, org: i64) -> AppResult<Option<ProductRow>> {
    Ok(products::list_products_of_org(c, org)
        .await?
        .into_iter()
        .find(|p| p.product_type == PREMIUM_SUPPORT && p.status == ProductStatus::Active))
}

impl App {
    /// SUP-2: the organization's premium support as a member sees it (a plain user only when
    /// the product is granted to them, like every product). The VIP code is made on the first
    /// call while the product is active.
    pub async fn premium_support(&self, actor: &Actor, org: OrgId) -> AppResult<PremiumSupport> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::ProductsRead, Resource::Organization(&facts))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let product = active_premium(&mut change.tx, org.0)
            .await?
            .filter(|p| facts.only_products().is_none_or(|only| only.contains(&p.id)));
        let Some(product) = product else {
            return Ok(PremiumSupport {
                product: None,
                vip_code: None,
                contact: None,
            });
        };
        let existing = orgs::vip_code(&mut change.tx, org.0).await?;
        let code = if let Some(code) = existing {
            code
        } else {
            let code = self.make_vip_code(&mut change.tx, org.0).await?;
            let entry = Entry::new(AuditAction::OrganizationVipCode, "organization", Some(org.0)).org(org.0);
            change.record(entry).await?;
            code
        };
        change.commit().await?;
        Ok(PremiumSupport {
            product: Some(product),
            vip_code: Some(display_vip_code(&code)),
            contact: Some(self.settings.premium_support.clone()),
        })
    }

    /// A fresh code for `org`, tried again on the rare collision with another
    /// organization's; answers the code in force (another request may have made it first).
    async fn make_vip_code(&self, tx: &mut Conn, org: i64) -> AppResult<String> {
        for _ in 0..5 {
            let code = new_code();
            match orgs::set_vip_code(tx, org, &code).await {
                Ok(true) => return Ok(code),
                Ok(false) => break,
                Err(e) if e.is_unique("vip_code") => {}
                Err(e) => return Err(e.into()),
            }
        }
        orgs::vip_code(tx, org)
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no free VIP code after 5 tries")))
    }

    /// SUP-2: support finds the organization behind a VIP code — only while its premium
    /// support is active. The view is audited in that organization (as staff).
    pub async fn lookup_vip_code(&self, actor: &Actor, typed: &str) -> AppResult<VipCustomer> {
        decide(actor, Action::StaffLookup, Resource::Platform).into_result()?;
        let code =
            normalize_vip_code(typed).ok_or_else(|| AppError::field("vip_code", "invalid_vip_code"))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let organization = orgs::find_org_by_vip_code(&mut change.tx, &code)
            .await?
            .ok_or_else(AppError::not_found)?;
        let premium = active_premium(&mut change.tx, organization.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let products = products::list_products_of_org(&mut change.tx, organization.id).await?;
        let (invoices, _) =
            invoices::list_invoices(&mut change.tx, organization.id, None, None, None, 0, 50).await?;
        let entry = Entry::new(
            AuditAction::StaffAccountView,
            "organization",
            Some(organization.id),
        )
        .org(organization.id)
        .details("by=vip_code: organization, products and invoices".to_owned());
        change.record(entry).await?;
        change.commit().await?;
        Ok(VipCustomer {
            vip_code: display_vip_code(&code),
            organization,
            premium,
            products,
            invoices,
        })
    }
}
