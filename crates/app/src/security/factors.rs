//! Second factors (SEC-1 … SEC-4): TOTP set up from a QR code or the typed secret, SMS codes
//! through the pluggable sender, ten backup codes, switching off with the password. The same
//! code serves users and staff (an [`Owner`]); every change is audited and told by e-mail.

use kontor_domain::{AuditAction, Language};
use kontor_store::security as store;
use kontor_store::{Conn, identity::users, staff};
use rand::Rng;

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::platform::actor::{Actor, ActorKind};
use crate::platform::audit::Entry;
use crate::platform::crypto::{self, Sealer};
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::Template;
use crate::security::totp;

/// SEC-2: backup codes per set.
pub const BACKUP_CODES: usize = 10;
/// The console warns when this few backup codes are left.
pub const FEW_BACKUP_CODES: i64 = 3;
/// Letters and digits of a backup code, without the ones people confuse (0/o, 1/l/i).
const BACKUP_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

pub const TOTP: &str = "totp";
pub const SMS: &str = "sms";

/// Whose second factor: a customer user or a staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    User(i64),
    Staff(i64),
}

impl Owner {
    pub fn kind(self) -> &'static str {
        match self {
            Owner::User(_) => "user",
            Owner::Staff(_) => "staff",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Owner::User(id) | Owner::Staff(id) => id,
        }
    }

    /// The associated data a sealed secret is bound to (a secret copied to another row does
    /// not open).
    fn seal_owner(self) -> String {
        format!("{}:{}", self.kind(), self.id())
    }

    /// The `subject` of the lock-out rows (ACC-4): the e-mail, `staff:` + e-mail for staff.
    pub fn lockout_subject(self, email: &str) -> String {
        match self {
            Owner::User(_) => email.to_owned(),
            Owner::Staff(_) => format!("staff:{email}"),
        }
    }
}

/// The person behind an owner, as the 2FA flows need them.
#[derive(Debug, Clone)]
pub struct Person {
    pub owner: Owner,
    pub email: String,
    pub name: String,
    pub language: Language,
    pub password_hash: String,
}

/// What the security page and `GET /1/profile/two-factor` show.
#[derive(Debug, Clone)]
pub struct TwoFactorStatus {
    /// `totp` or `sms` when on.
    pub method: Option<String>,
    /// A set-up waiting for its first code.
    pub pending: Option<String>,
    /// The phone number of SMS, with all but the last three digits hidden.
    pub phone: Option<String>,
    pub backup_codes_left: i64,
    pub since: Option<i64>,
}

/// A TOTP set-up: the secret in base32 (typed by hand) and the `otpauth://` URI (the QR code).
#[derive(Debug, Clone)]
pub struct TotpSetup {
    pub secret: String,
    pub uri: String,
}

/// Which proof a second-factor code was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    Totp,
    Sms,
    BackupCode,
}

impl Proof {
    pub fn as_str(self) -> &'static str {
        match self {
            Proof::Totp => "totp",
            Proof::Sms => "sms",
            Proof::BackupCode => "backup_code",
        }
    }
}

/// A backup code as typed: lower case, without spaces and dashes.
fn normalize_backup(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// An E.164 phone number (`+41791234567`), spaces allowed when typed.
pub(crate) fn parse_phone(phone: &str) -> Option<String> {
    let compact: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = compact.strip_prefix('+')?;
    (digits.len() >= 8
        && digits.len() <= 15
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0'))
    .then_some(compact)
}

/// `+41•••••••567`.
pub fn masked_phone(phone: &str) -> String {
    let keep = 3.min(phone.len());
    let (head, tail) = phone.split_at(phone.len() - keep);
    let shown: String = head
        .chars()
        .enumerate()
        .map(|(i, c)| if i < 3 { c } else { '•' })
        .collect();
    format!("{shown}{tail}")
}

impl App {
    fn totp_sealer(&self) -> Sealer {
        Sealer::new(&self.settings.server_key, "totp")
    }

    /// The stored form of a backup or SMS code: an HMAC with the server key (SEC-6).
    pub(crate) fn code_hash(&self, purpose: &str, code: &str) -> String {
        crypto::hmac_hex(&self.settings.server_key, &format!("{purpose}:{code}"))
    }

    /// The person acting on their own security settings: a signed-in user or staff member.
    pub(crate) async fn person_of(&self, c: &mut Conn, actor: &Actor) -> AppResult<Person> {
        let owner = match &actor.kind {
            ActorKind::User { id, .. } => Owner::User(id.0),
            ActorKind::Staff { id, .. } => Owner::Staff(*id),
            _ => return Err(AppError::new(ErrorCode::Unauthenticated)),
        };
        self.person(c, owner)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))
    }

    /// The user or staff member an owner is.
    pub(crate) async fn person(&self, c: &mut Conn, owner: Owner) -> AppResult<Option<Person>> {
        Ok(match owner {
            Owner::User(id) => users::find_user(c, id).await?.map(|u| Person {
                owner,
                email: u.email,
                name: u.first_name,
                language: Language::parse(&u.language).unwrap_or_default(),
                password_hash: u.password_hash,
            }),
            Owner::Staff(id) => staff::find_staff(c, id)
                .await?
                .filter(|s| s.disabled_at.is_none())
                .map(|s| Person {
                    owner,
                    email: s.email,
                    name: s.name,
                    language: Language::parse(&s.language).unwrap_or_default(),
                    password_hash: s.password_hash,
                }),
        })
    }

    /// The owner's second factor when it is on (confirmed).
    pub(crate) async fn confirmed_factor(
        &self,
        c: &mut Conn,
        owner: Owner,
    ) -> AppResult<Option<store::FactorRow>> {
        Ok(store::find_factor(c, owner.kind(), owner.id())
            .await?
            .filter(|f| f.confirmed_at.is_some()))
    }

    /// SEC-1, SEC-2, SEC-3: checks a code against the owner's factor and uses it, in the
    /// caller's transaction: a TOTP code of a step not used yet (a replay in the same step is
    /// refused), a live SMS code, or an unused backup code. `None`: wrong, expired or used.
    pub(crate) async fn use_code(
        &self,
        tx: &mut Conn,
        owner: Owner,
        factor: &store::FactorRow,
        code: &str,
        now: i64,
    ) -> AppResult<Option<Proof>> {
        let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let is_numeric = digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit());
        if !is_numeric {
            let backup = normalize_backup(code);
            if backup.len() != 8 {
                return Ok(None);
            }
            let hash = self.code_hash("backup", &backup);
            let used = store::use_backup_code(tx, owner.kind(), owner.id(), &hash, now).await?;
            return Ok(used.then_some(Proof::BackupCode));
        }
        if factor.method == SMS {
            let hash = self.code_hash("sms", &digits);
            let used = store::use_sms_code(tx, owner.kind(), owner.id(), &hash, now).await?;
            return Ok(used.then_some(Proof::Sms));
        }
        let Some(secret) = self
            .totp_sealer()
            .open(&owner.seal_owner(), &factor.secret)
            .and_then(|b32| totp::base32_decode(&b32))
        else {
            return Ok(None);
        };
        let Some(step) = totp::matching_step(&secret, &digits, now) else {
            return Ok(None);
        };
        Ok(store::use_step(tx, factor.id, step).await?.then_some(Proof::Totp))
    }

    /// SEC-2: ten fresh codes (only their hashes are kept); the old set dies.
    async fn new_backup_codes(&self, tx: &mut Conn, owner: Owner, now: i64) -> AppResult<Vec<String>> {
        store::delete_backup_codes(tx, owner.kind(), owner.id()).await?;
        let raws: Vec<String> = {
            let mut rng = rand::rng();
            (0..BACKUP_CODES)
                .map(|_| {
                    (0..8)
                        .map(|_| char::from(BACKUP_ALPHABET[rng.random_range(0..BACKUP_ALPHABET.len())]))
                        .collect()
                })
                .collect()
        };
        let mut codes = Vec::with_capacity(BACKUP_CODES);
        for raw in raws {
            let hash = self.code_hash("backup", &raw);
            store::insert_backup_code(tx, owner.kind(), owner.id(), &hash, now).await?;
            codes.push(format!("{}-{}", &raw[..4], &raw[4..]));
        }
        Ok(codes)
    }

    /// SEC-1: an SMS with a new code to `phone`, through the outbox, within the per-person
    /// limit (`too_many_codes` with `Retry-After` beyond it).
    pub(crate) async fn send_sms_code(
        &self,
        tx: &mut Conn,
        person: &Person,
        phone: &str,
        now: i64,
    ) -> AppResult<()> {
        let owner = person.owner;
        let window = self.settings.sms_window_minutes * 60;
        let sent = store::count_sms_codes_since(tx, owner.kind(), owner.id(), now - window).await?;
        if sent >= self.settings.sms_per_window {
            return Err(
                AppError::new(ErrorCode::TooManyCodes).retry_after(u64::try_from(window).unwrap_or(900))
            );
        }
        let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
        let expires = now + self.settings.sms_code_minutes * 60;
        store::insert_sms_code(
            tx,
            owner.kind(),
            owner.id(),
            &self.code_hash("sms", &code),
            now,
            expires,
        )
        .await?;
        self.queue_sms(
            tx,
            now,
            phone,
            person.language,
            &code,
            self.settings.sms_code_minutes,
        )
        .await?;
        Ok(())
    }

    /// The security settings of the acting user or staff member.
    pub async fn two_factor_status(&self, actor: &Actor) -> AppResult<TwoFactorStatus> {
        decide(actor, Action::ProfileRead, Resource::OwnAccount).into_result()?;
        let mut c = self.read().await?;
        let person = self.person_of(&mut c, actor).await?;
        let owner = person.owner;
        let row = store::find_factor(&mut c, owner.kind(), owner.id()).await?;
        let left = store::count_unused_backup_codes(&mut c, owner.kind(), owner.id()).await?;
        let on = row.as_ref().filter(|r| r.confirmed_at.is_some());
        Ok(TwoFactorStatus {
            method: on.map(|r| r.method.clone()),
            pending: row
                .as_ref()
                .filter(|r| r.confirmed_at.is_none())
                .map(|r| r.method.clone()),
            phone: row
                .as_ref()
                .filter(|r| r.method == SMS)
                .map(|r| masked_phone(&r.phone)),
            backup_codes_left: if on.is_some() { left } else { 0 },
            since: on.and_then(|r| r.confirmed_at),
        })
    }

    /// SEC-1: starts a TOTP set-up — a new secret, sealed with the server key, that waits for
    /// its first code. Refused while a second factor is on.
    pub async fn start_totp(&self, actor: &Actor) -> AppResult<TotpSetup> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let person = self.person_of(&mut change.tx, actor).await?;
        let owner = person.owner;
        if self.confirmed_factor(&mut change.tx, owner).await?.is_some() {
            return Err(AppError::new(ErrorCode::TwoFactorAlreadyOn));
        }
        let mut bytes = [0u8; totp::SECRET_BYTES];
        rand::rng().fill(&mut bytes);
        let secret = totp::base32_encode(&bytes);
        let sealed = self.totp_sealer().seal(&owner.seal_owner(), &secret);
        store::upsert_pending_factor(&mut change.tx, owner.kind(), owner.id(), TOTP, &sealed, "", now)
            .await?;
        let entry = Entry::new(AuditAction::TwoFactorSetupStart, owner.kind(), Some(owner.id()))
            .details("method=totp");
        change.record(entry).await?;
        change.commit().await?;
        let uri = totp::otpauth_uri(&self.settings.totp_issuer, &person.email, &secret);
        Ok(TotpSetup { secret, uri })
    }

    /// SEC-1: starts an SMS set-up: the phone waits for the code just sent to it.
    pub async fn start_sms(&self, actor: &Actor, phone: &str) -> AppResult<()> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let Some(phone) = parse_phone(phone) else {
            return Err(AppError::field("phone", "invalid_phone"));
        };
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let person = self.person_of(&mut change.tx, actor).await?;
        let owner = person.owner;
        if self.confirmed_factor(&mut change.tx, owner).await?.is_some() {
            return Err(AppError::new(ErrorCode::TwoFactorAlreadyOn));
        }
        store::upsert_pending_factor(&mut change.tx, owner.kind(), owner.id(), SMS, "", &phone, now).await?;
        self.send_sms_code(&mut change.tx, &person, &phone, now).await?;
        let entry = Entry::new(AuditAction::TwoFactorSetupStart, owner.kind(), Some(owner.id()))
            .details(format!("method=sms phone={}", masked_phone(&phone)));
        change.record(entry).await?;
        change.commit().await
    }

    /// SEC-1, SEC-2: the first code confirms the waiting set-up; the factor is on, ten backup
    /// codes are made (shown this once), and the person is told by e-mail.
    pub async fn confirm_two_factor(&self, actor: &Actor, code: &str) -> AppResult<Vec<String>> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let person = self.person_of(&mut change.tx, actor).await?;
        let owner = person.owner;
        let Some(pending) = store::find_factor(&mut change.tx, owner.kind(), owner.id())
            .await?
            .filter(|f| f.confirmed_at.is_none())
        else {
            return Err(AppError::new(ErrorCode::TwoFactorNotPending));
        };
        let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 6
            || self
                .use_code(&mut change.tx, owner, &pending, &digits, now)
                .await?
                .is_none()
        {
            return Err(AppError::field("code", "wrong_code"));
        }
        store::confirm_factor(&mut change.tx, pending.id, now).await?;
        let codes = self.new_backup_codes(&mut change.tx, owner, now).await?;
        let entry = Entry::new(AuditAction::TwoFactorEnable, owner.kind(), Some(owner.id()))
            .details(format!("method={}", pending.method));
        change.record(entry).await?;
        let tpl = Template::TwoFactorEnabled {
            method: pending.method.clone(),
        };
        change
            .mail(&person.email, person.language, &person.name, &tpl)
            .await?;
        change.commit().await?;
        Ok(codes)
    }

    /// SEC-4: switching 2FA off needs a signed-in person (who passed 2FA) and the password;
    /// a wrong password counts towards the lock-out. The person is told by e-mail.
    pub async fn disable_two_factor(&self, actor: &Actor, password: &str) -> AppResult<()> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        if matches!(actor.kind, ActorKind::Staff { .. }) {
            // STF-1: a staff member's second factor is mandatory.
            return Err(AppError::new(ErrorCode::StaffTwoFactorMandatory));
        }
        let mut c = self.read().await?;
        let person = self.person_of(&mut c, actor).await?;
        drop(c);
        let subject = person.owner.lockout_subject(&person.email);
        let mut v = Validator::default();
        v.check(
            self.current_password_ok(actor, &subject, &person.password_hash, password)
                .await?,
            "password",
            "wrong_password",
        );
        v.finish()?;
        let owner = person.owner;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if self.confirmed_factor(&mut change.tx, owner).await?.is_none() {
            return Err(AppError::new(ErrorCode::TwoFactorNotOn));
        }
        store::delete_factor(&mut change.tx, owner.kind(), owner.id()).await?;
        change
            .record(
                Entry::new(AuditAction::TwoFactorDisable, owner.kind(), Some(owner.id())).details("by=owner"),
            )
            .await?;
        let tpl = Template::TwoFactorDisabled {};
        change
            .mail(&person.email, person.language, &person.name, &tpl)
            .await?;
        change.commit().await
    }

    /// SEC-2: a new set of ten backup codes (the password asked again); the old ones die.
    pub async fn regenerate_backup_codes(&self, actor: &Actor, password: &str) -> AppResult<Vec<String>> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let mut c = self.read().await?;
        let person = self.person_of(&mut c, actor).await?;
        drop(c);
        let subject = person.owner.lockout_subject(&person.email);
        let mut v = Validator::default();
        v.check(
            self.current_password_ok(actor, &subject, &person.password_hash, password)
                .await?,
            "password",
            "wrong_password",
        );
        v.finish()?;
        let owner = person.owner;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if self.confirmed_factor(&mut change.tx, owner).await?.is_none() {
            return Err(AppError::new(ErrorCode::TwoFactorNotOn));
        }
        let codes = self.new_backup_codes(&mut change.tx, owner, now).await?;
        change
            .record(Entry::new(
                AuditAction::TwoFactorBackupCodes,
                owner.kind(),
                Some(owner.id()),
            ))
            .await?;
        let tpl = Template::BackupCodesRegenerated {};
        change
            .mail(&person.email, person.language, &person.name, &tpl)
            .await?;
        change.commit().await?;
        Ok(codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec_1_phones_are_e164() {
        assert_eq!(parse_phone("+41 79 123 45 67").as_deref(), Some("+41791234567"));
        assert_eq!(parse_phone("079 123 45 67"), None);
        assert_eq!(parse_phone("+0123456789"), None);
        assert_eq!(parse_phone("+41"), None);
        assert_eq!(masked_phone("+41791234567"), "+41••••••567");
    }

    #[test]
    fn sec_2_backup_codes_are_read_as_typed() {
        assert_eq!(normalize_backup("ABCD-efgh"), "abcdefgh");
        assert_eq!(normalize_backup(" abcd efgh "), "abcdefgh");
    }
}
