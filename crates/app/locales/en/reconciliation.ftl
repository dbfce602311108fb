## Bank statements (REC)

error-invalid_statement = The file is not a camt.053 or camt.054 bank statement, or is malformed. Nothing was imported.
mail-transfer-to-prepaid-subject = Your transfer is on your prepaid account
mail-transfer-to-prepaid-body = We received your transfer of { $amount } with the reference { $reference }. { $reason } So the whole amount is on your organization's prepaid account. The balance pays your next orders, invoices and renewals: choose "prepaid account" when you pay, and automatic renewals use it first. For a standing order, transfer to your prepaid account's top-up reference instead of an invoice's.
transfer-reason-amount = That reference asks for { $asked }, a different amount.
transfer-reason-currency = That reference asks for { $asked }, in another currency.
transfer-reason-paid = That reference belongs to an invoice or order that is already paid (a standing order keeps an old invoice's reference, which cannot pay the new invoices).
transfer-reason-cancelled = That reference belongs to an invoice cancelled by a credit note.
transfer-reason-unknown = That reference is not one of ours.
transfer-reason-assigned = Our staff matched it to your organization.
error-transaction_decided = This bank transaction was assigned or marked for refund already.
problem-invalid_iban = enter a valid IBAN
problem-currency_mismatch = the organization's account is in another currency
