## Kontoauszüge (REC)

error-invalid_statement = Die Datei ist kein Kontoauszug camt.053 oder camt.054, oder sie ist fehlerhaft. Nichts wurde importiert.
mail-transfer-to-prepaid-subject = Ihre Überweisung liegt auf Ihrem Prepaid-Konto
mail-transfer-to-prepaid-body = Wir haben Ihre Überweisung von { $amount } mit der Referenz { $reference } erhalten. { $reason } Deshalb liegt der ganze Betrag auf dem Prepaid-Konto Ihrer Organisation. Das Guthaben bezahlt Ihre nächsten Bestellungen, Rechnungen und Verlängerungen: Wählen Sie beim Bezahlen «Prepaid-Konto»; automatische Verlängerungen verwenden es zuerst. Für einen Dauerauftrag überweisen Sie auf die Aufladereferenz Ihres Prepaid-Kontos statt auf die einer Rechnung.
transfer-reason-amount = Diese Referenz verlangt { $asked }, einen anderen Betrag.
transfer-reason-currency = Diese Referenz verlangt { $asked }, in einer anderen Währung.
transfer-reason-paid = Diese Referenz gehört zu einer Rechnung oder Bestellung, die schon bezahlt ist (ein Dauerauftrag behält die Referenz einer alten Rechnung, die neue Rechnungen nicht bezahlen kann).
transfer-reason-cancelled = Diese Referenz gehört zu einer Rechnung, die eine Gutschrift storniert hat.
transfer-reason-unknown = Diese Referenz ist keine von uns.
transfer-reason-assigned = Unsere Mitarbeitenden haben sie Ihrer Organisation zugeordnet.
error-transaction_decided = Diese Banktransaktion wurde bereits zugeordnet oder zur Rückzahlung markiert.
problem-invalid_iban = geben Sie eine gültige IBAN ein
problem-currency_mismatch = das Konto der Organisation ist in einer anderen Währung
