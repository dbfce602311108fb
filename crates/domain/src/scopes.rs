//! API token scopes (API-5): an area, either with full access or read-only (`<area>:read`).

use std::fmt;

/// The areas a personal token can be scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScopeArea {
    Profile,
    Organizations,
    Products,
    Billing,
    Partners,
}

impl ScopeArea {
    pub const ALL: [ScopeArea; 5] = [
        ScopeArea::Profile,
        ScopeArea::Organizations,
        ScopeArea::Products,
        ScopeArea::Billing,
        ScopeArea::Partners,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ScopeArea::Profile => "profile",
            ScopeArea::Organizations => "organizations",
            ScopeArea::Products => "products",
            ScopeArea::Billing => "billing",
            ScopeArea::Partners => "partners",
        }
    }
}

/// One scope: an area, read-only or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    pub area: ScopeArea,
    pub read_only: bool,
}

impl Scope {
    /// Every scope a personal token may carry, in a stable order.
    pub fn all() -> Vec<Scope> {
        ScopeArea::ALL
            .iter()
            .flat_map(|&area| {
                [
                    Scope {
                        area,
                        read_only: false,
                    },
                    Scope {
                        area,
                        read_only: true,
                    },
                ]
            })
            .collect()
    }

    pub fn parse(s: &str) -> Option<Scope> {
        let (name, read_only) = match s.strip_suffix(":read") {
            Some(name) => (name, true),
            None => (s, false),
        };
        let area = ScopeArea::ALL.into_iter().find(|a| a.as_str() == name)?;
        Some(Scope { area, read_only })
    }

    /// Whether this scope covers `other` (a full scope covers its read-only variant).
    pub fn covers(self, other: Scope) -> bool {
        self.area == other.area && (!self.read_only || other.read_only)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.read_only {
            write!(f, "{}:read", self.area.as_str())
        } else {
            f.write_str(self.area.as_str())
        }
    }
}

/// The scopes of one token, kept sorted and without repeats.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopeSet(Vec<Scope>);

impl ScopeSet {
    /// Parses a list of scope names; returns the first unknown name as the error.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<ScopeSet, String> {
        let mut scopes = Vec::with_capacity(names.len());
        for name in names {
            let name = name.as_ref();
            scopes.push(Scope::parse(name).ok_or_else(|| name.to_owned())?);
        }
        scopes.sort();
        scopes.dedup();
        Ok(ScopeSet(scopes))
    }

    /// Parses the space-separated form kept in the database.
    pub fn from_stored(s: &str) -> ScopeSet {
        let names: Vec<&str> = s.split_whitespace().collect();
        ScopeSet::parse(&names).unwrap_or_default()
    }

    pub fn to_stored(&self) -> String {
        self.names().join(" ")
    }

    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the set allows reading (`write == false`) or changing an area.
    pub fn allows(&self, area: ScopeArea, write: bool) -> bool {
        let wanted = Scope {
            area,
            read_only: !write,
        };
        self.0.iter().any(|s| s.covers(wanted))
    }

    /// Whether every scope of `other` is covered by this set (no escalation when a token
    /// creates another token).
    pub fn covers_all(&self, other: &ScopeSet) -> bool {
        other.0.iter().all(|o| self.0.iter().any(|s| s.covers(*o)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_5_scopes_parse_with_read_variants() {
        let set = ScopeSet::parse(&["profile", "billing:read"]).unwrap();
        assert!(set.allows(ScopeArea::Profile, true));
        assert!(set.allows(ScopeArea::Profile, false));
        assert!(set.allows(ScopeArea::Billing, false));
        assert!(!set.allows(ScopeArea::Billing, true));
        assert!(!set.allows(ScopeArea::Products, false));
        assert_eq!(set.to_stored(), "profile billing:read");
        assert_eq!(ScopeSet::from_stored("billing:read profile"), set);
    }

    #[test]
    fn api_5_unknown_scope_is_named() {
        assert_eq!(ScopeSet::parse(&["profile", "admin"]), Err("admin".to_owned()));
    }

    #[test]
    fn api_5_read_scope_does_not_cover_full_scope() {
        let read = ScopeSet::parse(&["profile:read"]).unwrap();
        let full = ScopeSet::parse(&["profile"]).unwrap();
        assert!(full.covers_all(&read));
        assert!(!read.covers_all(&full));
    }

    #[test]
    fn api_5_every_scope_round_trips() {
        for scope in Scope::all() {
            assert_eq!(Scope::parse(&scope.to_string()), Some(scope));
        }
        assert_eq!(Scope::all().len(), 10);
    }
}
