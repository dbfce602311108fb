//! Product rules: the type codes, the life cycle (PRD-3), names (PRD-7), and the settings of
//! hosting sites (PRD-10): server prefixes, MySQL-prefix mapping, environment variables.

/// Product type codes (API.md vocabulary).
pub const PRODUCT_TYPES: [&str; 10] = [
    "domain",
    "web_hosting",
    "mail_service",
    "workspace_suite",
    "drive",
    "chat",
    "cloud_server",
    "nas",
    "backup",
    "premium_support",
];

/// The product types a workspace suite contains (PRD-9).
pub const SUITE_CONTENTS: [&str; 3] = ["mail_service", "drive", "chat"];

/// Billing periods in months (PRD-1).
pub const PERIODS: [u32; 4] = [1, 12, 24, 36];

crate::text_enum! {
    /// A product's state (PRD-3).
    pub enum ProductStatus {
        Pending = "pending",
        Active = "active",
        Suspended = "suspended",
        Terminated = "terminated",
    }
}

impl ProductStatus {
    /// PRD-3: pending → active → (suspended ↔ active) → terminated; terminated is final.
    pub fn can_become(self, next: ProductStatus) -> bool {
        use ProductStatus as S;
        matches!(
            (self, next),
            (S::Pending | S::Suspended, S::Active)
                | (S::Active, S::Suspended)
                | (S::Pending | S::Active | S::Suspended, S::Terminated)
        )
    }

    /// Whether the product counts as held (degressive tiers, PRC-2).
    pub fn is_held(self) -> bool {
        matches!(self, ProductStatus::Active | ProductStatus::Suspended)
    }
}

crate::text_enum! {
    /// Why a product is suspended: it expired unpaid (REN-6), or an invoice billing it went
    /// through the reminder schedule unpaid (DUN-1). Paying what caused it lifts only that one.
    pub enum SuspendReason {
        Expiry = "expiry",
        Dunning = "dunning",
    }
}

/// PRD-7: a product name is 1 to 253 visible characters, no control characters; domain names
/// are lower-cased labels of letters, digits and hyphens.
pub fn normalize_name(product_type: &str, raw: &str) -> Option<String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 253 || !crate::text::is_plain_line(name) {
        return None;
    }
    if product_type == "domain" {
        let lower = name.to_ascii_lowercase();
        let ok = lower.contains('.')
            && lower.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        return ok.then_some(lower);
    }
    Some(name.to_owned())
}

/// Names a site's environment may not use (PRD-10): they belong to the platform.
pub const RESERVED_ENV: [&str; 16] = [
    "PATH",
    "HOME",
    "USER",
    "SHELL",
    "PWD",
    "LANG",
    "TERM",
    "HOSTNAME",
    "TMPDIR",
    "LD_PRELOAD",
    "LD_LIBRARY_PATH",
    "DOCUMENT_ROOT",
    "SERVER_NAME",
    "SERVER_ADDR",
    "REMOTE_ADDR",
    "PHP_INI_SCAN_DIR",
];

pub const ENV_MAX_VARS: usize = 100;
pub const ENV_MAX_NAME: usize = 64;
pub const ENV_MAX_VALUE: usize = 4096;

/// What is wrong with one environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvProblem {
    BadName,
    Reserved,
    ValueTooLong,
}

impl EnvProblem {
    pub fn code(self) -> &'static str {
        match self {
            EnvProblem::BadName => "env_name_invalid",
            EnvProblem::Reserved => "env_name_reserved",
            EnvProblem::ValueTooLong => "env_value_too_long",
        }
    }
}

/// PRD-10: names `[A-Z_][A-Z0-9_]*` of at most 64 characters, not reserved; values up to
/// 4,096 bytes.
pub fn check_env(name: &str, value: &str) -> Result<(), EnvProblem> {
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_uppercase() || b == b'_');
    if !first_ok
        || name.len() > ENV_MAX_NAME
        || !bytes.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(EnvProblem::BadName);
    }
    if RESERVED_ENV.contains(&name) {
        return Err(EnvProblem::Reserved);
    }
    if value.len() > ENV_MAX_VALUE {
        return Err(EnvProblem::ValueTooLong);
    }
    Ok(())
}

/// Whether `p` is a server prefix: 4 lowercase ASCII letters.
pub fn is_server_prefix(p: &str) -> bool {
    p.len() == 4 && p.bytes().all(|b| b.is_ascii_lowercase())
}

/// A server prefix from 4 random bytes.
pub fn server_prefix_from(random: [u8; 4]) -> String {
    random.iter().map(|b| char::from(b'a' + b % 26)).collect()
}

/// PRD-10: the full name of a database or database user: `prefix_name`, unless the name already
/// carries the prefix. Short names are letters, digits and underscores, at most 32 in all.
pub fn full_db_name(prefix: &str, name: &str) -> Option<String> {
    let name = name.trim();
    let full = if name.starts_with(&format!("{prefix}_")) {
        name.to_owned()
    } else {
        format!("{prefix}_{name}")
    };
    let short_ok = full.len() > prefix.len() + 1
        && full.len() <= 32
        && full
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    short_ok.then_some(full)
}

/// The name a script uses with the MySQL-prefix option on: the full name without `prefix_`.
pub fn short_db_name<'a>(prefix: &str, full: &'a str) -> &'a str {
    full.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('_'))
        .unwrap_or(full)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProductStatus as S;

    #[test]
    fn prd_3_transitions() {
        assert!(S::Pending.can_become(S::Active));
        assert!(S::Active.can_become(S::Suspended));
        assert!(S::Suspended.can_become(S::Active));
        assert!(S::Active.can_become(S::Terminated));
        assert!(!S::Terminated.can_become(S::Active));
        assert!(!S::Terminated.can_become(S::Suspended));
        assert!(!S::Pending.can_become(S::Suspended));
        assert!(!S::Active.can_become(S::Pending));
    }

    #[test]
    fn prd_7_names() {
        assert_eq!(
            normalize_name("domain", " Example.CH ").as_deref(),
            Some("example.ch")
        );
        assert_eq!(normalize_name("domain", "no-dot"), None);
        assert_eq!(normalize_name("domain", "-bad.ch"), None);
        assert_eq!(normalize_name("web_hosting", " Shop ").as_deref(), Some("Shop"));
        assert_eq!(normalize_name("web_hosting", "  "), None);
    }

    #[test]
    fn prd_10_environment_variables() {
        assert_eq!(check_env("APP_ENV", "prod"), Ok(()));
        assert_eq!(check_env("_X1", ""), Ok(()));
        assert_eq!(check_env("1X", "v"), Err(EnvProblem::BadName));
        assert_eq!(check_env("app", "v"), Err(EnvProblem::BadName));
        assert_eq!(check_env(&"A".repeat(65), "v"), Err(EnvProblem::BadName));
        assert_eq!(check_env(&"A".repeat(64), "v"), Ok(()));
        assert_eq!(check_env("PATH", "v"), Err(EnvProblem::Reserved));
        assert_eq!(check_env("K", &"x".repeat(4097)), Err(EnvProblem::ValueTooLong));
        assert_eq!(check_env("K", &"x".repeat(4096)), Ok(()));
    }

    #[test]
    fn prd_10_database_names_are_stored_in_full() {
        assert_eq!(full_db_name("wxyz", "mydb").as_deref(), Some("wxyz_mydb"));
        assert_eq!(full_db_name("wxyz", "wxyz_mydb").as_deref(), Some("wxyz_mydb"));
        assert_eq!(full_db_name("wxyz", "My-DB"), None);
        assert_eq!(short_db_name("wxyz", "wxyz_mydb"), "mydb");
        assert!(is_server_prefix(&server_prefix_from([0, 25, 26, 200])));
    }
}
