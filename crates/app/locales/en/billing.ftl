# Kontor messages — en. Billing: catalogue, orders, payments, invoices, PDFs, renewals, reminders, prepaid account.

mail-invoice-issued-subject = Invoice { $number } issued
mail-invoice-issued-body = Thank you for your payment. Invoice { $number } for { $total } has been issued and paid. You can see and download it here: { $link }
mail-invoice-due-subject = Invoice { $number }: { $total } due on { $due }
mail-invoice-due-body = Your renewal warranty renewed your products, so their service goes on. Invoice { $number } for { $total } is due on { $due }.
    Pay it in the console: { $link }
    Paying by bank transfer? Use the reference { $reference } and the exact amount { $total }.
mail-renewal-failed-subject = Automatic renewal failed
mail-renewal-failed-body = We could not renew these products automatically ({ $total }):
    { $products }
    Reason: { $reason ->
        [card_declined] the card was declined.
        [insufficient_funds] the card has insufficient funds.
        [expired_card] the card has expired.
        [no_payment_means] there is no saved payment means and the prepaid account does not cover the amount.
        [plan_not_offered] the plan is no longer offered for this period; choose another one.
       *[other] the payment failed ({ $reason }).
    }
    Next attempt: { $next }. To avoid an interruption, renew them now or update your payment means: { $link }
mail-expiry-notice-subject = Products expire on { $date }
mail-expiry-notice-body = These products expire on { $date }:
    { $products }
    Renew them or check their automatic renewal in the console: { $link }
mail-products-suspended-subject = Products suspended: expired unpaid
mail-products-suspended-body = These products reached their expiry date unpaid and are suspended:
    { $products }
    Renew them before { $until } to reactivate them from their old expiry date; after that date they are terminated for good: { $link }
mail-products-terminated-subject = Products terminated
mail-products-terminated-body = The grace period ended and these products are terminated:
    { $products }
mail-invoice-reminder-subject = Reminder { $level }: invoice { $number } is overdue
mail-invoice-reminder-body = Invoice { $number } for { $total } was due on { $due } and is still unpaid.
    Amount: { $total }
    Reference: { $reference }
    A bank transfer must carry this reference and exactly this amount, or it cannot be matched to the invoice.
    If you paid by transfer in the last few days, your payment and this reminder have crossed: the transfer will be matched to the invoice and nothing more is needed.
    Is this reminder genuine? Sign in to the console yourself (do not follow links you doubt): every reminder is listed on the invoice's page, { $link }. We never ask for card numbers or passwords by e-mail.
mail-dunning-suspended-subject = Invoice { $number } unpaid: products suspended
mail-dunning-suspended-body = Invoice { $number } for { $total } is still unpaid, so the products it bills are suspended:
    { $products }
    Pay { $total } with the reference { $reference } before { $until } and they are reactivated at once; after that date they are terminated: { $link }
mail-dunning-terminated-subject = Invoice { $number } unpaid: products terminated
mail-dunning-terminated-body = Invoice { $number } for { $total } (reference { $reference }) remained unpaid, so the products it bills are terminated:
    { $products }
    The amount still due is cancelled by credit note { $credit_note }; the invoice can no longer be paid.
renewal-no-next-attempt = none — the product reaches its expiry date
notice-reset-sent = If an account uses this address, a reset link is on its way. It is valid for one hour.
notice-signed-out = You are signed out.
notice-invited = Invitation sent to
notice-removed = Members removed
notice-left = You have left the organization.
catalog-title = Order products
orders-title = Orders
order-title = Order
confirm-title = Confirm the payment
invoices-title = Invoices
invoice-title = Invoice
prepaid-title = Prepaid account
catalog-order = New order
catalog-months = months
catalog-names = Names
catalog-names-help = one per line: a domain name, a site name, a label; each line is one product
catalog-place-order = Place the order
catalog-preview = Show the price
catalog-price = Price
catalog-prices = Prices per period
catalog-per-seat = per seat
catalog-suite-only = workspace suite only
catalog-tiers = Degressive prices for web and mail hosting
catalog-tiers-explain = The more web hostings (or mail services) the organization holds, the less each one costs. The tier is the one for the number held once the order is active, and every item of the order gets it.
catalog-from = from
price-list = List price
price-degressive = Degressive
price-amount = Amount
price-subtotal = Subtotal excl. VAT
price-vat = VAT
price-reverse-charge = Export / reverse charge, no VAT
price-total = Total
price-excl-vat = excl. VAT
orders-none = No order yet.
order-paid-on = paid on
order-upgrade-prorated = prorated for the days left:
order-cancel = Cancel this order
order-cancel-explain = The order's new products are removed and their names are free again.
pay-title = Pay
pay-means = Payment means
pay-prepaid = Prepaid account
pay-prepaid-short = the balance is not enough for the whole order
pay-new-card = A new card
pay-prepaid-part = Part from the prepaid account
pay-prepaid-part-help = the rest is charged to the card
pay-save-card = Keep the card for later payments
pay-auto-renew = Renew these products automatically with this card
pay-button = Pay
payments-title = Payments
confirm-card = Charged to
confirm-prepaid = From the prepaid account
confirm-button = Pay now
checkout-title = Sandbox payments
checkout-test-mode = Test mode: no real card is charged
checkout-number = Card number
checkout-expiry = Expiry (month / year)
checkout-pay = Pay
checkout-test-cards = Test card numbers
checkout-card-ok = the payment succeeds
checkout-invalid = This payment link is incomplete or invalid.
card-card_declined = The card was declined.
card-insufficient_funds = The card has insufficient funds.
card-expired_card = The card has expired.
invoices-none = No invoice yet.
invoice-number = Number
invoice-issued = Issued
invoice-due = Due
invoice-bill-to = Bill to
invoice-description = Description
invoice-quantity = Qty
invoice-unit = Unit price
invoice-account = Account
prepaid-balance = Balance
prepaid-explain = Pay orders from this balance, whole or in part. It never goes below zero.
prepaid-top-up = Top up
prepaid-ledger = Ledger
prepaid-entry = Entry
prepaid-no-entries = No entry yet.
ledger-top_up = top-up
ledger-payment = payment
ledger-cashback = partner cashback
ledger-commission = affiliate commission
cards-title = Saved cards
cards-forget = Forget
notice-order-paid = Paid. The products are active and the invoice is issued.
notice-payment-cancelled = The payment was cancelled; nothing was charged.
notice-topped-up = The prepaid account was topped up.
notice-card-forgotten = The card is forgotten.
notice-seats-saved = The seats are saved.
notice-database-added = Added, with its full name.
pdf-invoice = Invoice
pdf-proforma = Pro-forma invoice
pdf-number = Invoice number
pdf-issued = Date
pdf-due = Due date
pdf-reference = Payment reference
pdf-order = Order
pdf-customer-vat = Your VAT number
pdf-provider-vat = VAT no.
pdf-description = Description
pdf-quantity = Qty
pdf-unit-price = Unit price
pdf-amount = Amount { $currency }
pdf-subtotal = Subtotal excl. VAT
pdf-vat = VAT { $rate } %
pdf-total = Total
pdf-page = Page
pdf-prices-excl-vat = All prices are shown excluding VAT.
pdf-reverse-charge = Export of services / reverse charge: the recipient accounts for the VAT.
pdf-paid-on = Paid on { $date }. Thank you.
pdf-pay-chf = Please pay with the payment part below, using its QR reference so that your payment is recognised at once. Bank fees are borne by the payer.
pdf-pay-eur = Please transfer { $amount } to { $name }, IBAN { $iban }, with the reference { $reference }. Bank fees are borne by the payer.
slip-receipt = Receipt
slip-payment-part = Payment part
slip-account = Account / Payable to
slip-reference = Reference
slip-additional-information = Additional information
slip-payable-by = Payable by
slip-payable-by-blank = Payable by (name/address)
slip-currency = Currency
slip-amount = Amount
slip-acceptance-point = Acceptance point
slip-separate = Separate before paying in
sandbox-pay-decided = This payment was already decided.
sandbox-pay-approve = Approve payment
sandbox-pay-decline = Decline
sandbox-pay-paypal = Log in to PayPal and approve the payment to the merchant.
sandbox-pay-twint = Scan the code with the TWINT app and confirm. Your TWINT profile is kept for later payments and automatic renewals.
sandbox-pay-postfinance = Confirm the payment with your PostFinance Card.
card-declined_by_payer = the payment was declined on the provider’s page
pay-twint-help = (your profile is kept for automatic renewals)
pay-postfinance-chf-only = only for CHF
pay-bank-transfer = Bank transfer
pay-bank-transfer-help = (pay with the pro-forma; the order completes when the money arrives; bank fees are yours)
pay-bank-transfer-invoice-help = (pay to the account with the invoice's reference; it is marked paid when the money arrives; bank fees are yours)
notice-payment-transfer = Bank transfer chosen: download the pro-forma and pay it with its reference. The order completes when the money arrives.
notice-payment-pending = The payment is not confirmed yet.
notice-payment-declined = The payment was declined; nothing was charged.
proforma-download = Pro-forma (PDF)
dunning-step-1 = Reminder 1
dunning-step-2 = Reminder 2
dunning-step-3 = Products suspended
dunning-step-4 = Products terminated
invoice-pdf = Download PDF
invoice-reminders = Reminders
renew-selected = Renew and pay selected
renew-proforma = Pro-forma for selected (PDF)
renew-explain = Each product is renewed from its own expiry date.
invoices-export = Export CSV
invoices-export-from = Issued from
invoices-export-until = until
billing-title = Billing
billing-addresses = Billing addresses
billing-addresses-help = Invoices are made out to the default address unless you pick another when ordering or renewing.
billing-addresses-none = No billing address yet: invoices go to the organization’s address.
billing-address = Address
billing-default = default
billing-make-default = Make default
billing-address-add = Add address
billing-messages = Billing messages
billing-expiry-notices = Expiry notices before products expire
billing-invoice-mails = Invoice e-mails
billing-recipients = Sent to the billing contacts:
billing-means = Saved payment means
billing-means-help = Cards and TWINT profiles kept for payments and automatic renewals.
billing-means-none = No saved payment means.
billing-saved = Saved.
mail-charge-refunded-subject = Refund of { $amount }
mail-charge-refunded-body = On { $date } { $means } charged { $amount } for a payment that was no longer needed: the order had already been paid another way, or the payment had been cancelled. The whole amount has been refunded to you; it can take a few days to show.
line-new = { $plan } — { $name }, { $months ->
    [one] { $months } month
   *[other] { $months } months
}
line-suite = { $plan } — { $name } ({ $seats } seats, storage { $storage }), { $months ->
    [one] { $months } month
   *[other] { $months } months
}
line-renewal = { $plan } — { $name }, renewal for { $months ->
    [one] { $months } month
   *[other] { $months } months
} until { $until }
line-upgrade = Upgrade of { $name } to { $plan }, { $seats } seats, storage { $storage }: { $days } of { $period } days
line-volume = (list price { $list }, −{ $percent } % volume discount)
pdf-credit-note = Credit note
pdf-credits = Credits invoice
pdf-credit-note-note = This credit note cancels what was still due on invoice { $number }. Nothing is to be paid.
pdf-credited-by = Cancelled by credit note { $number }. Nothing is to be paid.
line-credit = Credit for invoice { $number }: { $line }
pdf-credit-note-number = Credit note number
field-billing_address = Billing address
catalog-default-address = The default billing address
catalog-warranty-help = renewed at expiry and billed on an open invoice if unpaid (not for NAS)
prepaid-top-up-transfer-help = (transfer with the reference shown next; the amount that arrives is credited; bank fees are yours)
prepaid-awaited = Top-ups awaiting your transfer
prepaid-awaited-help = Transfer to the account below with the reference: the balance grows by the amount that arrives.
prepaid-pay-to = Account
notice-top-up-awaited = Top-up by bank transfer opened: transfer the amount with its reference, shown below.
pay-selected = Pay selected pending orders
pay-selected-explain = Products not yet paid for are paid with their orders, in one payment.
selection-in-order = in the order
selection-order = Order { $id }
selection-order-next = ready to pay for the products that passed
selection-go-on = Go on to the order
catalog-cart = Cart
catalog-cart-empty = The cart is empty: add products of any type and period, then order them together.
catalog-add-line = Add to the cart
catalog-add-to-cart = Add to cart
catalog-remove = Remove
catalog-order-row = Order
catalog-period = { $n ->
    [one] 1 month
   *[other] { $n } months
}
means-card = Card
means-prepaid = Prepaid account
means-twint = TWINT
means-postfinance = PostFinance
means-paypal = PayPal
means-transfer = Bank transfer
scope-profile = profile
scope-organizations = organizations
scope-products = products
scope-billing = billing
scope-partners = partners
scope-read-only = { $area } (read only)
