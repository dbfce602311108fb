//! The one catalogue of public error codes (API-4) and the application error.
//!
//! Every code the API can answer is a variant of [`ErrorCode`], with its HTTP status and a
//! sentence. `docs/ERRORS.md` lists the same table; a test fails when the two differ.

use std::fmt::{self, Write as _};

macro_rules! error_codes {
    ($($variant:ident => ($code:literal, $status:literal, $text:literal),)*) => {
        /// A stable, public error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $($variant,)* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The HTTP status the API answers with.
            pub fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            /// The default description (English; the console translates by code).
            pub fn description(self) -> &'static str {
                match self { $(ErrorCode::$variant => $text,)* }
            }
        }
    };
}

error_codes! {
    InvalidJson => ("invalid_json", 400, "The request body is not valid JSON."),
    UnknownField => ("unknown_field", 400, "The request body has a field this endpoint does not know."),
    ValidationFailed => ("validation_failed", 400, "Some fields are missing or invalid; `errors` lists them."),
    InvalidLink => ("invalid_link", 400, "The link is unknown, already used or expired."),
    UnsupportedMediaType => ("unsupported_media_type", 415, "Send the body as application/json."),
    PayloadTooLarge => ("payload_too_large", 413, "The request body is too large."),
    Unauthenticated => ("unauthenticated", 401, "Sign in or send a valid bearer token."),
    InvalidCredentials => ("invalid_credentials", 401, "The e-mail or the password is wrong."),
    SecondFactorRequired => ("second_factor_required", 401, "This account needs its second factor: send `code`."),
    InvalidSecondFactor => ("invalid_second_factor", 401, "The second-factor code is wrong, expired or already used."),
    SignInExpired => ("sign_in_expired", 401, "This sign-in waited too long for its second factor, or is already done: sign in again."),
    InvalidToken => ("invalid_token", 401, "The bearer token is unknown or revoked."),
    TokenExpired => ("token_expired", 401, "The bearer token has expired."),
    Forbidden => ("forbidden", 403, "You may see this resource but not do this; the description says why."),
    MissingScope => ("missing_scope", 403, "The token lacks the scope this endpoint needs."),
    TwoFactorSetupRequired => ("two_factor_setup_required", 403, "Staff set up their second factor before anything else."),
    CsrfFailed => ("csrf_failed", 403, "The CSRF token is missing or wrong."),
    BillingRightRequired => ("billing_right_required", 403, "This needs the billing right; a legal representative or an administrator can grant it."),
    NotFound => ("not_found", 404, "There is no such resource, or it is not visible to you."),
    MethodNotAllowed => ("method_not_allowed", 405, "This method is not allowed on this path."),
    TwoFactorAlreadyOn => ("two_factor_already_on", 409, "A second factor is already on: switch it off first to set up another."),
    TwoFactorNotOn => ("two_factor_not_on", 409, "No second factor is on."),
    TwoFactorNotPending => ("two_factor_not_pending", 409, "No second-factor set-up is waiting for a code: start one first."),
    StaffTwoFactorMandatory => ("staff_two_factor_mandatory", 409, "Staff keep their second factor: it cannot be switched off."),
    TransactionDecided => ("transaction_decided", 409, "This bank transaction was assigned or marked for refund already."),
    InvalidStatement => ("invalid_statement", 400, "The file is not a camt.053 or camt.054 bank statement, or is malformed: the message names the line and the reason. Nothing was imported."),
    VerificationPending => ("verification_pending", 409, "An identity verification request is already waiting for a decision."),
    AffiliateExists => ("affiliate_exists", 409, "The organization is an affiliate already (PAR-12)."),
    AlreadyAffiliate => ("already_affiliate", 409, "An affiliate cannot apply to become a partner: an organization is one or the other (PAR-1)."),
    AlreadyPartner => ("already_partner", 409, "A partner, or an organization whose partner application is pending, cannot register as an affiliate (PAR-1)."),
    PartnerApplicationExists => ("partner_application_exists", 409, "The organization has a pending partner application or is a partner already."),
    ApplicationDecided => ("application_decided", 409, "This partner application was decided already."),
    NotAPartner => ("not_a_partner", 403, "Only an approved partner organization can do this (PAR-1)."),
    PartnershipExists => ("partnership_exists", 409, "The client works with a partner already (offered or active): withdraw or end that partnership first."),
    RequestPending => ("request_pending", 409, "A request of this partner to this address is already waiting: resend or withdraw it."),
    PartnershipNotPending => ("partnership_not_pending", 409, "This partnership is no longer waiting for an answer."),
    PartnershipNotActive => ("partnership_not_active", 409, "This partnership is not active."),
    VerificationDecided => ("verification_decided", 409, "This identity verification request was decided already."),
    EmailTaken => ("email_taken", 409, "An account with this e-mail address already exists."),
    LastLegalRepresentative => ("last_legal_representative", 409, "An organization keeps at least one legal representative: appoint another one first."),
    AlreadyMember => ("already_member", 409, "This person is already a member of the organization."),
    InvitationPending => ("invitation_pending", 409, "An invitation to this address is already pending: resend or withdraw it."),
    InvitationNotPending => ("invitation_not_pending", 409, "This invitation was already accepted, declined, withdrawn or has expired."),
    NameTaken => ("name_taken", 409, "This name is already used in the organization."),
    ProductNameTaken => ("product_name_taken", 409, "The organization already has a product of this type with this name."),
    OrderNotPending => ("order_not_pending", 409, "This order was already paid or cancelled."),
    InvoiceNotOpen => ("invoice_not_open", 409, "This invoice is already paid or void."),
    NotRenewable => ("not_renewable", 409, "Only active or suspended products can be renewed; a product of a suite renews with its suite."),
    AmountMismatch => ("amount_mismatch", 409, "The amount or currency differs from what the reference asks for."),
    IdempotencyKeyReused => ("idempotency_key_reused", 409, "This Idempotency-Key was used with a different request body."),
    IdempotencyKeyInUse => ("idempotency_key_in_use", 409, "A request with this Idempotency-Key is still running: ask again in a moment for its result."),
    InsufficientPrepaidBalance => ("insufficient_prepaid_balance", 409, "The prepaid account does not hold that much."),
    PaymentMeansUnavailable => ("payment_means_unavailable", 409, "This payment means is not available here (currency, or not offered yet)."),
    InvalidTransition => ("invalid_transition", 409, "The product's state does not allow this (PRD-3)."),
    DowngradeNotAllowed => ("downgrade_not_allowed", 409, "A workspace suite can be upgraded, never downgraded."),
    NotMovable => ("not_movable", 409, "This product cannot be moved (a workspace suite, or a product it contains)."),
    PartOfSuite => ("part_of_suite", 409, "This product belongs to a workspace suite: act on the suite."),
    NothingToUpgrade => ("nothing_to_upgrade", 409, "The upgrade asks for what the suite already has."),
    SeatsExceeded => ("seats_exceeded", 409, "More seat holders than the suite has seats."),
    SeatHolder => ("seat_holder", 409, "The member holds a seat of a workspace suite of the organization: free the seat first."),
    MailboxAddress => ("mailbox_address", 409, "The login address is a mailbox of the organization's mail service."),
    AutoRenewTooLate => ("auto_renew_too_late", 409, "The product expires in fewer than 14 days: renew it manually first, then switch automatic renewal on."),
    NothingToPay => ("nothing_to_pay", 409, "No pending order waits for this product: renew it to pay its next period."),
    ProductNotActive => ("product_not_active", 409, "Only an active product can do this."),
    AccountLocked => ("account_locked", 423, "Too many failed sign-ins for this account; try again later."),
    IpLocked => ("ip_locked", 423, "Too many failed sign-ins from this address; try again later."),
    RateLimited => ("rate_limited", 429, "Too many requests for this token; wait `Retry-After` seconds."),
    TooManyTenders => ("too_many_tenders", 429, "Too many calls for tender were posted from this address lately; wait `Retry-After` seconds."),
    TooManyCodes => ("too_many_codes", 429, "Too many SMS codes were sent to this person lately; wait `Retry-After` seconds or use a backup code."),
    InternalError => ("internal_error", 500, "Something went wrong on our side; the request id helps support find it."),
    ServiceUnavailable => ("service_unavailable", 503, "The service cannot answer right now."),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

/// What a service answers when it refuses or fails.
#[derive(Debug)]
pub enum AppError {
    /// A refusal the caller can act on; nothing was changed.
    Refused {
        code: ErrorCode,
        message: String,
        errors: Vec<FieldError>,
        /// For 423 and 429: seconds until trying again makes sense.
        retry_after: Option<u64>,
    },
    /// A bug or an outage; logged in full, answered as `internal_error`.
    Internal(anyhow::Error),
}

impl AppError {
    pub fn new(code: ErrorCode) -> AppError {
        AppError::Refused {
            code,
            message: code.description().to_owned(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn with_message(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError::Refused {
            code,
            message: message.into(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// A validation failure naming the fields and their problem codes.
    pub fn invalid(errors: Vec<FieldError>) -> AppError {
        AppError::Refused {
            code: ErrorCode::ValidationFailed,
            message: ErrorCode::ValidationFailed.description().to_owned(),
            errors,
            retry_after: None,
        }
    }

    pub fn field(field: &str, code: &str) -> AppError {
        AppError::invalid(vec![FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
        }])
    }

    pub fn retry_after(mut self, secs: u64) -> AppError {
        if let AppError::Refused { retry_after, .. } = &mut self {
            *retry_after = Some(secs);
        }
        self
    }

    /// A unique-constraint refusal whose constraint mentions `needle` becomes `code`; any other
    /// store error stays internal.
    pub fn unique_as(e: kontor_store::StoreError, needle: &str, code: ErrorCode) -> AppError {
        if e.is_unique(needle) {
            AppError::new(code)
        } else {
            e.into()
        }
    }

    pub fn not_found() -> AppError {
        AppError::new(ErrorCode::NotFound)
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Refused { code, .. } => *code,
            AppError::Internal(_) => ErrorCode::InternalError,
        }
    }

    /// The code and the sentence a caller may see (internal errors say nothing more).
    pub fn public(&self) -> (String, String) {
        match self {
            AppError::Refused { code, message, .. } => (code.as_str().to_owned(), message.clone()),
            AppError::Internal(_) => (
                ErrorCode::InternalError.as_str().to_owned(),
                ErrorCode::InternalError.description().to_owned(),
            ),
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Refused { code, message, .. } => write!(f, "{code}: {message}"),
            AppError::Internal(e) => write!(f, "internal error: {e:#}"),
        }
    }
}

impl std::error::Error for AppError {}

impl From<kontor_store::StoreError> for AppError {
    fn from(e: kontor_store::StoreError) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// `(page - 1) × per_page` for a 1-based page; a page so far out that the rows before it
/// cannot be counted is refused (`page`: `out_of_range`), never wrapped around.
pub fn page_offset(page: i64, per_page: i64) -> AppResult<i64> {
    page.max(1)
        .checked_sub(1)
        .and_then(|p| p.checked_mul(per_page.max(1)))
        .ok_or_else(|| AppError::field("page", "out_of_range"))
}

/// Collects field errors while validating a request, then fails with all of them at once.
#[derive(Debug, Default)]
pub struct Validator(Vec<FieldError>);

impl Validator {
    pub fn check(&mut self, ok: bool, field: &str, code: &str) -> &mut Self {
        if !ok {
            self.0.push(FieldError {
                field: field.to_owned(),
                code: code.to_owned(),
            });
        }
        self
    }

    /// A required one-line name: present, at most `max` characters, and plain text
    /// (no control, direction or line-break character).
    pub fn name(&mut self, field: &str, value: &str, max: usize) -> &mut Self {
        let v = value.trim();
        if v.is_empty() {
            return self.fail(field, "required");
        }
        self.line(field, v, max)
    }

    /// An optional one-line field: at most `max` characters, and plain text.
    pub fn line(&mut self, field: &str, value: &str, max: usize) -> &mut Self {
        if value.chars().count() > max {
            return self.fail(field, "too_long");
        }
        self.check(
            kontor_domain::text::is_plain_line(value),
            field,
            "invalid_character",
        )
    }

    pub fn fail(&mut self, field: &str, code: &str) -> &mut Self {
        self.check(false, field, code)
    }

    pub fn finish(&mut self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid(std::mem::take(&mut self.0)))
        }
    }
}

/// The published table of error codes (`docs/ERRORS.md`), generated from [`ErrorCode`].
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# Error codes\n\nEvery error the API answers is `{\"result\":\"error\",\"error\":{\"code\",\"description\",\"errors\"}}` \
         with one of these codes (API-4). `errors` lists field problems for `validation_failed`. \
         This file is generated from `crates/app/src/platform/error.rs`; a test fails when they differ \
         (regenerate with `KONTOR_WRITE_ERRORS_MD=1 cargo test -p kontor-app errors_md`).\n\n\
         | code | HTTP status | meaning |\n| --- | --- | --- |\n",
    );
    for code in ErrorCode::ALL {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            code.as_str(),
            code.status(),
            code.description()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_4_errors_md_lists_exactly_the_codes_of_the_catalogue() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/ERRORS.md");
        let expected = catalogue_markdown();
        if std::env::var("KONTOR_WRITE_ERRORS_MD").is_ok() {
            std::fs::write(path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            actual, expected,
            "docs/ERRORS.md differs from the catalogue in error.rs"
        );
    }

    #[test]
    fn api_4_codes_are_unique_and_statuses_are_errors() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert!(code.status() >= 400, "{code}");
        }
    }
}
