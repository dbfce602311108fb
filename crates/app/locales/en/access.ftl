# Kontor messages — en. Authorization: the reasons a decision gives (AUTHZ-4).

reason-system = system jobs act for the platform
reason-signin = sign in first
reason-missing-scope = this token lacks the needed scope; create a token with it
reason-own-account = every user manages their own account
reason-not-member = you are not a member of this organization
reason-member = every member sees their organization
reason-manager = legal representatives and administrators manage the organization
reason-needs-manager = Role user cannot change this; an administrator or a legal representative can.
reason-legal-representative = legal representatives change the organization’s legal data
reason-needs-legal-representative = Only a legal representative changes the organization’s legal data.
reason-service = service tokens with access:check ask access questions
reason-service-only-checks = a service token only checks access
reason-service-only = only service tokens check access
reason-billing = members with the billing right see invoices and pay
reason-needs-billing = This needs the billing right; a legal representative or an administrator can grant it.
reason-manager-products = legal representatives and administrators reach every product
reason-granted = this product is granted to you individually
reason-granted-workgroup = this product is granted to one of your workgroups
reason-needs-grant = Role user reaches only the products granted to them or to one of their workgroups; an administrator can grant this one.
reason-partner = A partner manages this client's products.
reason-partner-product = A partner manages this product for the client.
reason-partner-limited = A partner's limited access covers the listed products only; the client can give full access.
reason-partner-not-member = A partner manages products, not the client's organization; the client's legal representatives do.
