//! Audit actions (OPS-5): every kind of state change the audit log records, named
//! `<area>.<verb>`. The log stores the text; code names the variant.

crate::text_enum! {
    /// What an audit row says was done.
    pub enum AuditAction {
        BillingAddressAdd = "billing_address.add",
        BillingAddressDelete = "billing_address.delete",
        BillingAddressUpdate = "billing_address.update",
        BillingSettingsUpdate = "billing_settings.update",
        CatalogImport = "catalog.import",
        CatalogPlanUpdate = "catalog.plan_update",
        IdentityVerificationApprove = "identity_verification.approve",
        IdentityVerificationFile = "identity_verification.file",
        IdentityVerificationPurge = "identity_verification.purge",
        IdentityVerificationReject = "identity_verification.reject",
        IdentityVerificationView = "identity_verification.view",
        InvoiceCredit = "invoice.credit",
        InvoiceDunning = "invoice.dunning",
        InvoiceIssue = "invoice.issue",
        MailboxCreate = "mailbox.create",
        MailboxDelete = "mailbox.delete",
        MemberInvitationDecline = "member.invitation_decline",
        MemberInvitationExpire = "member.invitation_expire",
        MemberInvitationResend = "member.invitation_resend",
        MemberInvitationWithdraw = "member.invitation_withdraw",
        MemberInvite = "member.invite",
        MemberJoin = "member.join",
        MemberLeave = "member.leave",
        MemberRemove = "member.remove",
        MemberUpdate = "member.update",
        OrderCancel = "order.cancel",
        OrderCreate = "order.create",
        OrganizationCreate = "organization.create",
        OrganizationUpdate = "organization.update",
        OrganizationVipCode = "organization.vip_code",
        PaymentCreate = "payment.create",
        PaymentFail = "payment.fail",
        PaymentStart = "payment.start",
        PaymentMethodAdd = "payment_method.add",
        PaymentMethodDelete = "payment_method.delete",
        PaymentRefund = "payment.refund",
        PrepaidTopUp = "prepaid.top_up",
        ProductActivate = "product.activate",
        ProductAutoRenewFailed = "product.auto_renew_failed",
        ProductMove = "product.move",
        ProductReactivate = "product.reactivate",
        ProductRenew = "product.renew",
        ProductRenewRefused = "product.renew_refused",
        ProductSeats = "product.seats",
        ProductSuspend = "product.suspend",
        ProductTerminate = "product.terminate",
        ProductUpdate = "product.update",
        ProductUpgrade = "product.upgrade",
        ServiceTokenCreate = "service_token.create",
        SessionCreate = "session.create",
        SessionEnd = "session.end",
        SessionSwitchOrganization = "session.switch_organization",
        SiteCreate = "site.create",
        StaffAccountView = "staff.account_view",
        StaffContentOpen = "staff.content_open",
        StaffCreate = "staff.create",
        StaffPasswordChange = "staff.password_change",
        StaffSessionCreate = "staff.session_create",
        StaffSessionEnd = "staff.session_end",
        SupportAccessCheck = "support_access.check",
        SupportAccessExpire = "support_access.expire",
        SupportAccessGrant = "support_access.grant",
        SupportAccessRevoke = "support_access.revoke",
        SiteDatabase = "site.database",
        SiteEnv = "site.env",
        SiteMysqlPrefix = "site.mysql_prefix",
        TokenCreate = "token.create",
        TokenRevoke = "token.revoke",
        TwoFactorBackupCodes = "two_factor.backup_codes",
        TwoFactorDisable = "two_factor.disable",
        TwoFactorEnable = "two_factor.enable",
        TwoFactorFail = "two_factor.fail",
        TwoFactorSetupStart = "two_factor.setup_start",
        TwoFactorSmsSend = "two_factor.sms_send",
        UserPasswordChange = "user.password_change",
        UserPasswordReset = "user.password_reset",
        UserPasswordResetRequest = "user.password_reset_request",
        UserProfileUpdate = "user.profile_update",
        UserRecoveryEmailConfirm = "user.recovery_email_confirm",
        UserRecoveryEmailRemove = "user.recovery_email_remove",
        UserRecoveryEmailRequest = "user.recovery_email_request",
        UserSignup = "user.signup",
        UserSignupByInvitation = "user.signup_by_invitation",
        UserSupportCodeRegenerate = "user.support_code_regenerate",
        WebhookEndpointAdd = "webhook.endpoint.add",
        WebhookEndpointUpdate = "webhook.endpoint.update",
        WebhookRedeliver = "webhook.redeliver",
        WorkgroupCreate = "workgroup.create",
        WorkgroupDelete = "workgroup.delete",
        WorkgroupMembers = "workgroup.members",
        WorkgroupProducts = "workgroup.products",
        WorkgroupUpdate = "workgroup.update",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_5_audit_action_names_are_unique_and_area_dot_verb() {
        let mut names: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert!(names.iter().all(|n| n.contains('.') && n.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }
}
