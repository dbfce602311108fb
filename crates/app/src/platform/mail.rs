//! E-mails Kontor sends, composed in the recipient's language (MSG-2) and written to the
//! outbox inside the caller's transaction (MSG-1).

use kontor_domain::Language;
use kontor_store::{Conn, platform::outbox};

use crate::App;
use crate::platform::crypto::Sealer;
use crate::platform::error::AppResult;
use crate::platform::i18n::{t, t_args};

/// The console paths whose last segment is a one-time secret (SEC-6): a password reset, a
/// recovery-address confirmation, an invitation. Links are built from these, and
/// [`without_secrets`] finds them by these.
pub const PASSWORD_RESET_PATH: &str = "/console/password-reset/";
pub const RECOVERY_EMAIL_PATH: &str = "/console/recovery-email/";
/// Issue 18: the link that makes a new address the sign-in e-mail.
pub const LOGIN_EMAIL_PATH: &str = "/console/login-email/";
pub const INVITATION_PATH: &str = "/console/invitations/";
/// TEN-3: the public page that closes a call for tender.
pub const TENDER_CANCEL_PATH: &str = "/console/tenders/cancel/";
/// PAR-3, PAR-4: the page that accepts or refuses a partnership.
pub const PARTNERSHIP_PATH: &str = "/console/partnerships/";
const SECRET_PATHS: [&str; 6] = [
    PASSWORD_RESET_PATH,
    RECOVERY_EMAIL_PATH,
    LOGIN_EMAIL_PATH,
    INVITATION_PATH,
    TENDER_CANCEL_PATH,
    PARTNERSHIP_PATH,
];

/// `text` with the secret of every one-time link replaced by `marker`: what the outbox keeps
/// once a message is delivered, and what the request log shows of a path.
pub fn without_secrets(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, path)) = SECRET_PATHS
        .iter()
        .filter_map(|p| rest.find(p).map(|at| (at, p)))
        .min_by_key(|(at, _)| *at)
    {
        let start = at + path.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let secret_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if secret_len > 0 {
            out.push_str(marker);
        }
        rest = &rest[secret_len..];
    }
    out.push_str(rest);
    out
}

/// The messages of the foundation; each has `mail-<id>-subject` and `mail-<id>-body` keys.
#[derive(Debug, Clone)]
pub enum Template {
    Welcome {
        organization: String,
        console_url: String,
    },
    PasswordReset {
        link: String,
        minutes: i64,
    },
    RecoveryEmailConfirm {
        link: String,
        hours: i64,
    },
    PasswordChanged {
        when: String,
    },
    /// To the new address: the link that makes it the sign-in e-mail.
    LoginEmailConfirm {
        link: String,
        hours: i64,
    },
    /// To the previous address, once the new one is confirmed.
    LoginEmailChanged {
        email: String,
    },
    Invitation {
        organization: String,
        inviter: String,
        link: String,
        days: i64,
    },
    InvoiceIssued {
        number: String,
        total: String,
        link: String,
    },
    /// REN-5: a renewal billed under warranty, to be paid by the due date.
    InvoiceDue {
        number: String,
        total: String,
        due: String,
        reference: String,
        link: String,
    },
    /// REN-2: an automatic renewal attempt failed (`reason` is a failure code).
    RenewalFailed {
        products: String,
        total: String,
        reason: String,
        next: String,
        link: String,
    },
    /// REN-7: products expire on `date`.
    ExpiryNotice {
        date: String,
        products: String,
        link: String,
    },
    /// REN-6: products expired unpaid and are suspended until `until`.
    ProductsSuspended {
        products: String,
        until: String,
        link: String,
    },
    /// REN-6: the grace period ended.
    ProductsTerminated {
        products: String,
    },
    /// DUN-1/DUN-2: reminder 1 or 2 of an unpaid invoice.
    InvoiceReminder {
        level: i64,
        number: String,
        total: String,
        reference: String,
        due: String,
        link: String,
    },
    /// DUN-1: the products an unpaid invoice bills are suspended.
    DunningSuspended {
        number: String,
        total: String,
        reference: String,
        products: String,
        until: String,
        link: String,
    },
    /// BIL-8: a charge the gateway made that no payment holds (an abandoned PayPal page
    /// approved after the order was paid another way) was refunded.
    ChargeRefunded {
        amount: String,
        means: String,
        date: String,
    },
    /// DUN-1: the products an unpaid invoice bills are terminated; DUN-5: the credit note that
    /// cancels what was due.
    TwoFactorEnabled {
        method: String,
    },
    TwoFactorDisabled {},
    BackupCodesRegenerated {},
    SupportAccessGranted {
        kind: String,
        until: String,
    },
    SupportAccessEnded {
        kind: String,
        reason: String,
    },
    StaffWelcome {
        role: String,
        url: String,
    },
    IdentityVerificationFiled {},
    TransferToPrepaid {
        amount: String,
        reference: String,
        reason: String,
    },
    /// BIL-6: staff adjusted the prepaid balance (`amount` signed).
    PrepaidAdjusted {
        amount: String,
        reason: String,
        balance: String,
    },
    /// BIL-6: staff refund prepaid balance to a bank account (`iban` masked).
    PrepaidRefunded {
        amount: String,
        iban: String,
        balance: String,
    },
    IdentityVerificationApproved {
        url: String,
    },
    IdentityVerificationRejected {
        note: String,
    },
    DunningTerminated {
        number: String,
        total: String,
        reference: String,
        products: String,
        credit_note: String,
    },
    /// PAR-3: a client gives the partner access; accept and refuse links.
    PartnershipOffered {
        client: String,
        access: String,
        accept: String,
        refuse: String,
    },
    /// PAR-4: a partner asks for access.
    PartnershipRequested {
        partner: String,
        access: String,
        link: String,
    },
    PartnershipAccepted {
        client: String,
        partner: String,
        access: String,
    },
    PartnershipRefused {
        client: String,
        partner: String,
    },
    /// PAR-6, PAR-7: the client changed the rights or the payment mode.
    PartnershipChanged {
        client: String,
        access: String,
    },
    PartnershipEnded {
        client: String,
        partner: String,
    },
    /// PAR-1: the application was received.
    PartnerApplied {
        organization: String,
    },
    PartnerApproved {
        organization: String,
        discount: String,
        url: String,
    },
    PartnerRejected {
        organization: String,
        reason: String,
    },
    /// PAR-8: staff changed the partner's discount rate.
    PartnerDiscount {
        organization: String,
        discount: String,
    },
    /// PAR-12: to the legal representative who registered the affiliate, with its link.
    AffiliateRegistered {
        organization: String,
        link: String,
        commission: String,
        days: i64,
    },
    /// PAR-12: to the affiliate's billing contacts, when a referred organization's first
    /// invoice was paid.
    AffiliateCommission {
        amount: String,
        balance_url: String,
    },
    /// TEN-3: to the author, with the cancellation link.
    TenderPosted {
        need: String,
        link: String,
        days: i64,
    },
    /// TEN-2: to each partner of the category, without contact details.
    TenderExtract {
        category: String,
        need: String,
        budget: String,
        region: String,
        language: String,
        link: String,
    },
}

impl Template {
    fn id(&self) -> &'static str {
        match self {
            Template::Welcome { .. } => "welcome",
            Template::PasswordReset { .. } => "password-reset",
            Template::RecoveryEmailConfirm { .. } => "recovery-confirm",
            Template::PasswordChanged { .. } => "password-changed",
            Template::LoginEmailConfirm { .. } => "login-email-confirm",
            Template::LoginEmailChanged { .. } => "login-email-changed",
            Template::Invitation { .. } => "invitation",
            Template::InvoiceIssued { .. } => "invoice-issued",
            Template::InvoiceDue { .. } => "invoice-due",
            Template::RenewalFailed { .. } => "renewal-failed",
            Template::ExpiryNotice { .. } => "expiry-notice",
            Template::ProductsSuspended { .. } => "products-suspended",
            Template::ProductsTerminated { .. } => "products-terminated",
            Template::InvoiceReminder { .. } => "invoice-reminder",
            Template::DunningSuspended { .. } => "dunning-suspended",
            Template::DunningTerminated { .. } => "dunning-terminated",
            Template::ChargeRefunded { .. } => "charge-refunded",
            Template::TwoFactorEnabled { .. } => "two-factor-enabled",
            Template::TwoFactorDisabled {} => "two-factor-disabled",
            Template::BackupCodesRegenerated {} => "backup-codes",
            Template::SupportAccessGranted { .. } => "support-granted",
            Template::SupportAccessEnded { .. } => "support-ended",
            Template::StaffWelcome { .. } => "staff-welcome",
            Template::IdentityVerificationFiled {} => "verification-filed",
            Template::TransferToPrepaid { .. } => "transfer-to-prepaid",
            Template::PrepaidAdjusted { .. } => "prepaid-adjusted",
            Template::PrepaidRefunded { .. } => "prepaid-refunded",
            Template::IdentityVerificationApproved { .. } => "verification-approved",
            Template::IdentityVerificationRejected { .. } => "verification-rejected",
            Template::PartnerApplied { .. } => "partner-applied",
            Template::PartnershipOffered { .. } => "partnership-offered",
            Template::PartnershipRequested { .. } => "partnership-requested",
            Template::PartnershipAccepted { .. } => "partnership-accepted",
            Template::PartnershipRefused { .. } => "partnership-refused",
            Template::PartnershipChanged { .. } => "partnership-changed",
            Template::PartnershipEnded { .. } => "partnership-ended",
            Template::PartnerApproved { .. } => "partner-approved",
            Template::PartnerRejected { .. } => "partner-rejected",
            Template::PartnerDiscount { .. } => "partner-discount",
            Template::AffiliateRegistered { .. } => "affiliate-registered",
            Template::AffiliateCommission { .. } => "affiliate-commission",
            Template::TenderPosted { .. } => "tender-posted",
            Template::TenderExtract { .. } => "tender-extract",
        }
    }

    #[allow(
        clippy::too_many_lines,
        reason = "one arm per e-mail template, naming the arguments of its message"
    )]
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Template::Welcome {
                organization,
                console_url,
            } => vec![
                ("organization", organization.clone()),
                ("url", console_url.clone()),
            ],
            Template::PasswordReset { link, minutes } => {
                vec![("link", link.clone()), ("minutes", minutes.to_string())]
            }
            Template::RecoveryEmailConfirm { link, hours } | Template::LoginEmailConfirm { link, hours } => {
                vec![("link", link.clone()), ("hours", hours.to_string())]
            }
            Template::PasswordChanged { when } => vec![("when", when.clone())],
            Template::LoginEmailChanged { email } => vec![("email", email.clone())],
            Template::Invitation {
                organization,
                inviter,
                link,
                days,
            } => vec![
                ("organization", organization.clone()),
                ("inviter", inviter.clone()),
                ("link", link.clone()),
                ("days", days.to_string()),
            ],
            Template::InvoiceIssued { number, total, link } => vec![
                ("number", number.clone()),
                ("total", total.clone()),
                ("link", link.clone()),
            ],
            Template::InvoiceDue {
                number,
                total,
                due,
                reference,
                link,
            } => vec![
                ("number", number.clone()),
                ("total", total.clone()),
                ("due", due.clone()),
                ("reference", reference.clone()),
                ("link", link.clone()),
            ],
            Template::RenewalFailed {
                products,
                total,
                reason,
                next,
                link,
            } => vec![
                ("products", products.clone()),
                ("total", total.clone()),
                ("reason", reason.clone()),
                ("next", next.clone()),
                ("link", link.clone()),
            ],
            Template::ExpiryNotice { date, products, link } => vec![
                ("date", date.clone()),
                ("products", products.clone()),
                ("link", link.clone()),
            ],
            Template::ProductsSuspended {
                products,
                until,
                link,
            } => vec![
                ("products", products.clone()),
                ("until", until.clone()),
                ("link", link.clone()),
            ],
            Template::ProductsTerminated { products } => vec![("products", products.clone())],
            Template::InvoiceReminder {
                level,
                number,
                total,
                reference,
                due,
                link,
            } => vec![
                ("level", level.to_string()),
                ("number", number.clone()),
                ("total", total.clone()),
                ("reference", reference.clone()),
                ("due", due.clone()),
                ("link", link.clone()),
            ],
            Template::DunningSuspended {
                number,
                total,
                reference,
                products,
                until,
                link,
            } => vec![
                ("number", number.clone()),
                ("total", total.clone()),
                ("reference", reference.clone()),
                ("products", products.clone()),
                ("until", until.clone()),
                ("link", link.clone()),
            ],
            Template::ChargeRefunded { amount, means, date } => vec![
                ("amount", amount.clone()),
                ("means", means.clone()),
                ("date", date.clone()),
            ],
            Template::TwoFactorEnabled { method } => vec![("method", method.clone())],
            Template::TwoFactorDisabled {}
            | Template::BackupCodesRegenerated {}
            | Template::IdentityVerificationFiled {} => vec![],
            Template::IdentityVerificationApproved { url } => vec![("url", url.clone())],
            Template::TransferToPrepaid {
                amount,
                reference,
                reason,
            } => vec![
                ("amount", amount.clone()),
                ("reference", reference.clone()),
                ("reason", reason.clone()),
            ],
            Template::IdentityVerificationRejected { note } => vec![("note", note.clone())],
            Template::PrepaidAdjusted {
                amount,
                reason,
                balance,
            } => vec![
                ("amount", amount.clone()),
                ("reason", reason.clone()),
                ("balance", balance.clone()),
            ],
            Template::PrepaidRefunded {
                amount,
                iban,
                balance,
            } => vec![
                ("amount", amount.clone()),
                ("iban", iban.clone()),
                ("balance", balance.clone()),
            ],
            Template::SupportAccessGranted { kind, until } => {
                vec![("kind", kind.clone()), ("until", until.clone())]
            }
            Template::SupportAccessEnded { kind, reason } => {
                vec![("kind", kind.clone()), ("reason", reason.clone())]
            }
            Template::StaffWelcome { role, url } => vec![("role", role.clone()), ("url", url.clone())],
            Template::DunningTerminated {
                number,
                total,
                reference,
                products,
                credit_note,
            } => vec![
                ("number", number.clone()),
                ("total", total.clone()),
                ("reference", reference.clone()),
                ("products", products.clone()),
                ("credit_note", credit_note.clone()),
            ],
            Template::PartnerApplied { organization } => vec![("organization", organization.clone())],
            Template::PartnershipOffered {
                client,
                access,
                accept,
                refuse,
            } => vec![
                ("client", client.clone()),
                ("access", access.clone()),
                ("accept", accept.clone()),
                ("refuse", refuse.clone()),
            ],
            Template::PartnershipRequested {
                partner,
                access,
                link,
            } => vec![
                ("partner", partner.clone()),
                ("access", access.clone()),
                ("link", link.clone()),
            ],
            Template::PartnershipAccepted {
                client,
                partner,
                access,
            } => vec![
                ("client", client.clone()),
                ("partner", partner.clone()),
                ("access", access.clone()),
            ],
            Template::PartnershipRefused { client, partner }
            | Template::PartnershipEnded { client, partner } => {
                vec![("client", client.clone()), ("partner", partner.clone())]
            }
            Template::PartnershipChanged { client, access } => {
                vec![("client", client.clone()), ("access", access.clone())]
            }
            Template::PartnerApproved {
                organization,
                discount,
                url,
            } => vec![
                ("organization", organization.clone()),
                ("discount", discount.clone()),
                ("url", url.clone()),
            ],
            Template::PartnerRejected { organization, reason } => {
                vec![("organization", organization.clone()), ("reason", reason.clone())]
            }
            Template::AffiliateRegistered {
                organization,
                link,
                commission,
                days,
            } => vec![
                ("organization", organization.clone()),
                ("link", link.clone()),
                ("commission", commission.clone()),
                ("days", days.to_string()),
            ],
            Template::AffiliateCommission { amount, balance_url } => {
                vec![("amount", amount.clone()), ("url", balance_url.clone())]
            }
            Template::PartnerDiscount {
                organization,
                discount,
            } => vec![
                ("organization", organization.clone()),
                ("discount", discount.clone()),
            ],
            Template::TenderPosted { need, link, days } => vec![
                ("need", need.clone()),
                ("link", link.clone()),
                ("days", days.to_string()),
            ],
            Template::TenderExtract {
                category,
                need,
                budget,
                region,
                language,
                link,
            } => vec![
                ("category", category.clone()),
                ("need", need.clone()),
                ("budget", budget.clone()),
                ("region", region.clone()),
                ("language", language.clone()),
                ("link", link.clone()),
            ],
        }
    }
}

/// A composed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub body: String,
}

/// Composes `template` for a person called `name`, in `lang`.
pub fn compose(lang: Language, name: &str, template: &Template) -> Composed {
    let id = template.id();
    let args = template.args();
    let subject = t_args(lang, &format!("mail-{id}-subject"), &args);
    let greeting = if name.is_empty() {
        t(lang, "mail-greeting-anonymous")
    } else {
        t_args(lang, "mail-greeting", &[("name", name.to_owned())])
    };
    let body = t_args(lang, &format!("mail-{id}-body"), &args);
    let signature = t(lang, "mail-signature");
    Composed {
        subject,
        body: format!("{greeting}\n\n{body}\n\n{signature}\n"),
    }
}

impl App {
    /// The key outbox bodies are sealed with while they wait (SEC-6).
    pub(crate) fn outbox_sealer(&self) -> Sealer {
        Sealer::new(&self.settings.server_key, "outbox")
    }

    /// Writes the message to the outbox in the caller's transaction, sealed, with a sealed
    /// copy without its one-time links that replaces it once delivered (SEC-6).
    pub(crate) async fn queue_mail(
        &self,
        tx: &mut Conn,
        now: i64,
        to: &str,
        lang: Language,
        name: &str,
        template: &Template,
    ) -> AppResult<i64> {
        let m = compose(lang, name, template);
        let kept = without_secrets(&m.body, &t(lang, "mail-secret-removed"));
        let sealer = self.outbox_sealer();
        let owner = to;
        let body = sealer.seal(owner, &m.body);
        let kept = sealer.seal(owner, &kept);
        Ok(outbox::insert_message(tx, "email", to, &m.subject, &body, &kept, now).await?)
    }

    /// SEC-1: an SMS with a second-factor code, through the outbox like every message. What
    /// the outbox keeps once it is delivered has the code cut out (SEC-6).
    pub(crate) async fn queue_sms(
        &self,
        tx: &mut Conn,
        now: i64,
        phone: &str,
        lang: Language,
        code: &str,
        minutes: i64,
    ) -> AppResult<i64> {
        let text = t_args(
            lang,
            "sms-code",
            &[("code", code.to_owned()), ("minutes", minutes.to_string())],
        );
        let kept = text.replace(code, &t(lang, "sms-code-removed"));
        let sealer = self.outbox_sealer();
        let body = sealer.seal(phone, &text);
        let kept = sealer.seal(phone, &kept);
        Ok(outbox::insert_message(tx, "sms", phone, "", &body, &kept, now).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec_6_one_time_secrets_are_cut_from_links_and_only_they() {
        let body = "Reset: https://k.ch/console/password-reset/0af3c9e1.\n\
                    Join: https://k.ch/console/invitations/ab_12-x\n\
                    Invoice: https://k.ch/console/invoices/12";
        let kept = without_secrets(body, "[removed]");
        assert_eq!(
            kept,
            "Reset: https://k.ch/console/password-reset/[removed].\n\
             Join: https://k.ch/console/invitations/[removed]\n\
             Invoice: https://k.ch/console/invoices/12"
        );
        assert_eq!(
            without_secrets("/console/invitations/", "x"),
            "/console/invitations/"
        );
        assert_eq!(
            without_secrets("/console/recovery-email/abc/", "x"),
            "/console/recovery-email/x/"
        );
        assert_eq!(
            without_secrets("see /console/login-email/abc", "x"),
            "see /console/login-email/x"
        );
    }

    #[test]
    fn msg_2_reset_mail_speaks_the_users_language_and_carries_the_link() {
        let tpl = Template::PasswordReset {
            link: "http://k/reset?token=abc".into(),
            minutes: 60,
        };
        for lang in Language::ALL {
            let m = compose(lang, "Anna", &tpl);
            assert!(m.body.contains("http://k/reset?token=abc"), "{lang:?}");
            assert!(m.body.contains("60"), "{lang:?}");
            assert!(m.body.contains("Anna"), "{lang:?}");
        }
        assert_ne!(
            compose(Language::De, "A", &tpl).subject,
            compose(Language::Fr, "A", &tpl).subject
        );
    }
}
