//! The console's menu (issue 18): four groups — products and orders, billing, organization,
//! account — with the current page marked. An item the member may not use is shown disabled
//! with the decision's reason (ORG-2, AUTHZ-4); a group none of whose items is open to them
//! is left out. The same table tells the organization switcher which pages exist in every
//! organization (ACC-9).

use kontor_app::Actor;
use kontor_app::access::{Action, Facts, Resource, decide};

use crate::console::Tr;

/// A page of the menu: where it is, its label, and the actions of which any one opens it in
/// the current organization (none: the account's own pages, open to everyone signed in).
struct Entry {
    href: &'static str,
    key: &'static str,
    needs: &'static [Action],
}

const fn entry(href: &'static str, key: &'static str, needs: &'static [Action]) -> Entry {
    Entry { href, key, needs }
}

const PRODUCTS: &[Entry] = &[
    entry("/console/products", "nav-products", &[Action::ProductsRead]),
    entry("/console/catalog", "nav-catalog", &[Action::ProductsManage]),
    // Those who order and those who pay see orders.
    entry(
        "/console/orders",
        "nav-orders",
        &[Action::ProductsManage, Action::BillingRead],
    ),
];

const BILLING: &[Entry] = &[
    entry("/console/invoices", "nav-invoices", &[Action::BillingRead]),
    entry("/console/prepaid", "nav-prepaid", &[Action::BillingRead]),
    entry("/console/billing", "nav-billing", &[Action::BillingRead]),
];

const ORGANIZATION: &[Entry] = &[
    entry(
        "/console/organization",
        "nav-organization",
        &[Action::OrganizationRead],
    ),
    entry("/console/members", "nav-members", &[Action::MembersRead]),
    entry(
        "/console/workgroups",
        "nav-workgroups",
        &[Action::WorkgroupsManage],
    ),
    entry("/console/audit", "nav-audit", &[Action::AuditRead]),
    entry("/console/partners", "nav-partners", &[Action::OrganizationRead]),
    entry("/console/partner", "nav-partner", &[Action::OrganizationRead]),
    entry("/console/affiliate", "nav-affiliate", &[Action::OrganizationRead]),
    entry("/console/clients", "nav-clients", &[Action::OrganizationRead]),
];

const ACCOUNT: &[Entry] = &[
    entry("/console/profile", "nav-profile", &[]),
    entry("/console/security", "nav-security", &[]),
    entry("/console/tokens", "nav-tokens", &[]),
    entry("/console/support-access", "nav-support-access", &[]),
    entry("/console/premium-support", "nav-premium-support", &[]),
];

const GROUPS: [(&str, &[Entry]); 4] = [
    ("nav-group-products", PRODUCTS),
    ("nav-group-billing", BILLING),
    ("nav-group-organization", ORGANIZATION),
    ("nav-group-account", ACCOUNT),
];

/// A group of the menu as a page shows it.
#[derive(Clone, Debug)]
pub struct NavGroup {
    pub label: String,
    pub items: Vec<NavItem>,
}

/// An item of the menu: a link, or — when `denied` says why — a disabled entry.
#[derive(Clone, Debug)]
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
    pub denied: Option<String>,
}

/// The menu for `actor` with `facts` about the current organization, `path` being the page
/// shown.
pub fn menu(actor: &Actor, facts: &Facts, tr: Tr, path: &str) -> Vec<NavGroup> {
    let current = section(path);
    GROUPS
        .iter()
        .filter_map(|(label, entries)| {
            let items: Vec<NavItem> = entries
                .iter()
                .map(|e| NavItem {
                    href: e.href,
                    label: tr.t(e.key),
                    current: current == Some(e.href),
                    denied: denial(actor, facts, e.needs).map(|key| tr.t(key)),
                })
                .collect();
            items.iter().any(|i| i.denied.is_none()).then(|| NavGroup {
                label: tr.t(label),
                items,
            })
        })
        .collect()
}

/// The reason key when none of `needs` is allowed; `None` when one is (or none is needed).
fn denial(actor: &Actor, facts: &Facts, needs: &[Action]) -> Option<&'static str> {
    let mut first = None;
    for action in needs {
        let d = decide(actor, *action, Resource::Organization(facts));
        if d.allowed {
            return None;
        }
        first.get_or_insert(d.reason_key);
    }
    first
}

/// The menu page `path` belongs to (`/console/products/12` → `/console/products`), if any.
pub fn section(path: &str) -> Option<&'static str> {
    GROUPS
        .iter()
        .flat_map(|(_, entries)| entries.iter())
        .map(|e| e.href)
        .find(|href| path == *href || path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_9_a_page_belongs_to_its_menu_section() {
        assert_eq!(section("/console/products/12"), Some("/console/products"));
        assert_eq!(section("/console/products"), Some("/console/products"));
        assert_eq!(section("/console/partner"), Some("/console/partner"));
        assert_eq!(section("/console/partners/3/end"), Some("/console/partners"));
        assert_eq!(section("/console/productsx"), None);
        assert_eq!(section("/console/switch"), None);
        assert_eq!(section("https://evil.example/console/products"), None);
    }
}
