# Kontor messages — de. Billing: catalogue, orders, payments, invoices, PDFs, renewals, reminders, prepaid account.

mail-invoice-issued-subject = Rechnung { $number } ausgestellt
mail-invoice-issued-body = Vielen Dank für Ihre Zahlung. Die Rechnung { $number } über { $total } wurde ausgestellt und bezahlt. Sie können sie hier ansehen und herunterladen: { $link }
mail-invoice-due-subject = Rechnung { $number }: { $total } fällig am { $due }
mail-invoice-due-body = Ihre Verlängerungsgarantie hat Ihre Produkte verlängert, der Dienst läuft weiter. Rechnung { $number } über { $total } ist am { $due } fällig.
    Bezahlen Sie sie in der Konsole: { $link }
    Per Banküberweisung? Geben Sie die Referenz { $reference } und genau den Betrag { $total } an.
mail-renewal-failed-subject = Automatische Verlängerung fehlgeschlagen
mail-renewal-failed-body = Wir konnten diese Produkte nicht automatisch verlängern ({ $total }):
    { $products }
    Grund: { $reason ->
        [card_declined] die Karte wurde abgelehnt.
        [insufficient_funds] die Karte ist nicht ausreichend gedeckt.
        [expired_card] die Karte ist abgelaufen.
        [no_payment_means] es ist kein Zahlungsmittel gespeichert und das Prepaid-Konto deckt den Betrag nicht.
        [plan_not_offered] das Angebot wird für diese Laufzeit nicht mehr angeboten; wählen Sie ein anderes.
       *[other] die Zahlung ist fehlgeschlagen ({ $reason }).
    }
    Nächster Versuch: { $next }. Damit nichts unterbrochen wird, verlängern Sie jetzt oder aktualisieren Sie Ihr Zahlungsmittel: { $link }
mail-expiry-notice-subject = Produkte laufen am { $date } ab
mail-expiry-notice-body = Diese Produkte laufen am { $date } ab:
    { $products }
    Verlängern Sie sie oder prüfen Sie die automatische Verlängerung in der Konsole: { $link }
mail-products-suspended-subject = Produkte gesperrt: unbezahlt abgelaufen
mail-products-suspended-body = Diese Produkte sind unbezahlt abgelaufen und gesperrt:
    { $products }
    Verlängern Sie sie vor dem { $until }, um sie ab ihrem alten Ablaufdatum zu reaktivieren; danach werden sie endgültig gekündigt: { $link }
mail-products-terminated-subject = Produkte gekündigt
mail-products-terminated-body = Die Nachfrist ist abgelaufen und diese Produkte sind gekündigt:
    { $products }
mail-invoice-reminder-subject = Mahnung { $level }: Rechnung { $number } ist überfällig
mail-invoice-reminder-body = Rechnung { $number } über { $total } war am { $due } fällig und ist noch unbezahlt.
    Betrag: { $total }
    Referenz: { $reference }
    Eine Überweisung muss diese Referenz und genau diesen Betrag tragen, sonst kann sie der Rechnung nicht zugeordnet werden.
    Haben Sie in den letzten Tagen überwiesen, haben sich Zahlung und Mahnung gekreuzt: die Überweisung wird der Rechnung zugeordnet, Sie müssen nichts weiter tun.
    Ist diese Mahnung echt? Melden Sie sich selbst in der Konsole an (folgen Sie keinem Link, dem Sie misstrauen): jede Mahnung steht auf der Seite der Rechnung, { $link }. Wir fragen nie per E-Mail nach Kartennummern oder Passwörtern.
mail-dunning-suspended-subject = Rechnung { $number } unbezahlt: Produkte gesperrt
mail-dunning-suspended-body = Rechnung { $number } über { $total } ist noch unbezahlt, deshalb sind die Produkte, die sie verrechnet, gesperrt:
    { $products }
    Bezahlen Sie { $total } mit der Referenz { $reference } vor dem { $until } und sie werden sofort reaktiviert; danach werden sie gekündigt: { $link }
mail-dunning-terminated-subject = Rechnung { $number } unbezahlt: Produkte gekündigt
mail-dunning-terminated-body = Rechnung { $number } über { $total } (Referenz { $reference }) blieb unbezahlt, deshalb sind die Produkte, die sie verrechnet, gekündigt:
    { $products }
    Der noch offene Betrag wird mit der Gutschrift { $credit_note } storniert; die Rechnung kann nicht mehr bezahlt werden.
renewal-no-next-attempt = keiner — das Produkt erreicht sein Ablaufdatum
notice-reset-sent = Falls ein Konto diese Adresse nutzt, ist ein Link unterwegs. Er ist eine Stunde gültig.
notice-signed-out = Sie sind abgemeldet.
notice-invited = Einladung gesendet an
notice-removed = Entfernte Mitglieder
notice-left = Sie haben die Organisation verlassen.
catalog-title = Produkte bestellen
orders-title = Bestellungen
order-title = Bestellung
confirm-title = Zahlung bestätigen
invoices-title = Rechnungen
invoice-title = Rechnung
prepaid-title = Guthabenkonto
catalog-order = Neue Bestellung
catalog-months = Monate
catalog-names = Namen
catalog-names-help = einer pro Zeile: ein Domainname, ein Site-Name, eine Bezeichnung; jede Zeile ist ein Produkt
catalog-place-order = Bestellung aufgeben
catalog-preview = Preis anzeigen
catalog-price = Preis
catalog-prices = Preise pro Laufzeit
catalog-per-seat = pro Platz
catalog-suite-only = nur Workspace-Suite
catalog-tiers = Staffelpreise für Web- und Mail-Hosting
catalog-tiers-explain = Je mehr Webhostings (oder Mail-Dienste) die Organisation hält, desto weniger kostet jedes. Massgebend ist die Anzahl nach Aktivierung der Bestellung, und jede Position der Bestellung erhält diese Stufe.
catalog-from = ab
price-list = Listenpreis
price-degressive = Staffel
price-amount = Betrag
price-subtotal = Zwischensumme exkl. MWST
price-vat = MWST
price-reverse-charge = Export / Reverse Charge, ohne MWST
price-total = Total
price-excl-vat = exkl. MWST
orders-none = Noch keine Bestellung.
order-paid-on = bezahlt am
order-upgrade-prorated = anteilig für die verbleibenden Tage:
order-cancel = Diese Bestellung stornieren
order-cancel-explain = Die neuen Produkte der Bestellung werden entfernt, ihre Namen sind wieder frei.
pay-title = Bezahlen
pay-means = Zahlungsmittel
pay-prepaid = Guthabenkonto
pay-prepaid-short = das Guthaben reicht nicht für die ganze Bestellung
pay-new-card = Eine neue Karte
pay-prepaid-part = Anteil vom Guthabenkonto
pay-prepaid-part-help = der Rest wird der Karte belastet
pay-save-card = Karte für spätere Zahlungen speichern
pay-auto-renew = Diese Produkte automatisch mit dieser Karte verlängern
pay-button = Bezahlen
payments-title = Zahlungen
confirm-card = Belastet auf
confirm-prepaid = Vom Guthabenkonto
confirm-button = Jetzt bezahlen
checkout-title = Sandbox-Zahlungen
checkout-test-mode = Testmodus: keine echte Karte wird belastet
checkout-number = Kartennummer
checkout-expiry = Ablauf (Monat / Jahr)
checkout-pay = Bezahlen
checkout-test-cards = Testkartennummern
checkout-card-ok = die Zahlung gelingt
checkout-invalid = Dieser Zahlungslink ist unvollständig oder ungültig.
card-card_declined = Die Karte wurde abgelehnt.
card-insufficient_funds = Die Karte hat keine ausreichende Deckung.
card-expired_card = Die Karte ist abgelaufen.
invoices-none = Noch keine Rechnung.
invoice-number = Nummer
invoice-issued = Ausgestellt
invoice-due = Fällig
invoice-bill-to = Rechnung an
invoice-description = Bezeichnung
invoice-quantity = Menge
invoice-unit = Einzelpreis
invoice-account = Konto
prepaid-balance = Guthaben
prepaid-explain = Bezahlen Sie Bestellungen ganz oder teilweise mit diesem Guthaben. Es wird nie negativ.
prepaid-top-up = Aufladen
prepaid-ledger = Buchungen
prepaid-entry = Buchung
prepaid-no-entries = Noch keine Buchung.
ledger-top_up = Aufladung
ledger-payment = Zahlung
ledger-cashback = Partner-Cashback
ledger-commission = Affiliate-Provision
cards-title = Gespeicherte Karten
cards-forget = Vergessen
notice-order-paid = Bezahlt. Die Produkte sind aktiv und die Rechnung ist ausgestellt.
notice-payment-cancelled = Die Zahlung wurde abgebrochen; nichts wurde belastet.
notice-topped-up = Das Guthabenkonto wurde aufgeladen.
notice-card-forgotten = Die Karte ist vergessen.
notice-seats-saved = Die Plätze sind gespeichert.
notice-database-added = Hinzugefügt, mit vollem Namen.
pdf-invoice = Rechnung
pdf-proforma = Proforma-Rechnung
pdf-number = Rechnungsnummer
pdf-issued = Datum
pdf-due = Zahlbar bis
pdf-reference = Zahlungsreferenz
pdf-order = Bestellung
pdf-customer-vat = Ihre MWST-Nummer
pdf-provider-vat = MWST-Nr.
pdf-description = Beschreibung
pdf-quantity = Menge
pdf-unit-price = Einzelpreis
pdf-amount = Betrag { $currency }
pdf-subtotal = Zwischensumme exkl. MWST
pdf-vat = MWST { $rate } %
pdf-total = Total
pdf-page = Seite
pdf-prices-excl-vat = Alle Preise verstehen sich exklusive MWST.
pdf-reverse-charge = Dienstleistungsexport / Reverse Charge: die MWST schuldet der Empfänger.
pdf-paid-on = Bezahlt am { $date }. Vielen Dank.
pdf-pay-chf = Bitte zahlen Sie mit dem Zahlteil unten und seiner QR-Referenz, damit Ihre Zahlung sofort erkannt wird. Bankspesen trägt der Zahler.
pdf-pay-eur = Bitte überweisen Sie { $amount } an { $name }, IBAN { $iban }, mit der Referenz { $reference }. Bankspesen trägt der Zahler.
slip-receipt = Empfangsschein
slip-payment-part = Zahlteil
slip-account = Konto / Zahlbar an
slip-reference = Referenz
slip-additional-information = Zusätzliche Informationen
slip-payable-by = Zahlbar durch
slip-payable-by-blank = Zahlbar durch (Name/Adresse)
slip-currency = Währung
slip-amount = Betrag
slip-acceptance-point = Annahmestelle
slip-separate = Vor der Einzahlung abzutrennen
sandbox-pay-decided = Über diese Zahlung wurde bereits entschieden.
sandbox-pay-approve = Zahlung freigeben
sandbox-pay-decline = Ablehnen
sandbox-pay-paypal = Melden Sie sich bei PayPal an und geben Sie die Zahlung an den Händler frei.
sandbox-pay-twint = Scannen Sie den Code mit der TWINT-App und bestätigen Sie. Ihr TWINT-Profil wird für spätere Zahlungen und automatische Verlängerungen gespeichert.
sandbox-pay-postfinance = Bestätigen Sie die Zahlung mit Ihrer PostFinance Card.
card-declined_by_payer = die Zahlung wurde auf der Seite des Anbieters abgelehnt
pay-twint-help = (Ihr Profil wird für automatische Verlängerungen gespeichert)
pay-postfinance-chf-only = nur für CHF
pay-bank-transfer = Banküberweisung
pay-bank-transfer-help = (mit der Proforma-Rechnung zahlen; die Bestellung wird bei Zahlungseingang abgeschlossen; Bankspesen tragen Sie)
pay-bank-transfer-invoice-help = (auf das Konto mit der Referenz der Rechnung zahlen; sie gilt bei Zahlungseingang als bezahlt; Bankspesen tragen Sie)
notice-payment-transfer = Banküberweisung gewählt: Laden Sie die Proforma-Rechnung herunter und zahlen Sie mit ihrer Referenz. Die Bestellung wird bei Zahlungseingang abgeschlossen.
notice-payment-pending = Die Zahlung ist noch nicht bestätigt.
notice-payment-declined = Die Zahlung wurde abgelehnt; nichts wurde belastet.
proforma-download = Proforma-Rechnung (PDF)
dunning-step-1 = Mahnung 1
dunning-step-2 = Mahnung 2
dunning-step-3 = Produkte gesperrt
dunning-step-4 = Produkte gekündigt
invoice-pdf = PDF herunterladen
invoice-reminders = Mahnungen
renew-selected = Auswahl verlängern und bezahlen
renew-proforma = Proforma für die Auswahl (PDF)
renew-explain = Jedes Produkt wird ab seinem eigenen Ablaufdatum verlängert.
invoices-export = CSV exportieren
invoices-export-from = Ausgestellt ab
invoices-export-until = bis
billing-title = Abrechnung
billing-addresses = Rechnungsadressen
billing-addresses-help = Rechnungen gehen an die Standardadresse, ausser Sie wählen bei Bestellung oder Verlängerung eine andere.
billing-addresses-none = Noch keine Rechnungsadresse: Rechnungen gehen an die Adresse der Organisation.
billing-address = Adresse
billing-default = Standard
billing-make-default = Als Standard
billing-address-add = Adresse hinzufügen
billing-messages = Abrechnungsnachrichten
billing-expiry-notices = Ablaufhinweise vor dem Ablauf von Produkten
billing-invoice-mails = Rechnungs-E-Mails
billing-recipients = Gesendet an die Rechnungskontakte:
billing-means = Gespeicherte Zahlungsmittel
billing-means-help = Karten und TWINT-Profile für Zahlungen und automatische Verlängerungen.
billing-means-none = Keine gespeicherten Zahlungsmittel.
billing-saved = Gespeichert.
mail-charge-refunded-subject = Rückerstattung von { $amount }
mail-charge-refunded-body = Am { $date } hat { $means } { $amount } für eine Zahlung belastet, die nicht mehr nötig war: Die Bestellung war bereits anders bezahlt oder die Zahlung abgebrochen. Der ganze Betrag wurde Ihnen zurückerstattet; bis er erscheint, kann es einige Tage dauern.
line-new = { $plan } — { $name }, { $months ->
    [one] { $months } Monat
   *[other] { $months } Monate
}
line-suite = { $plan } — { $name } ({ $seats } Plätze, Speicher { $storage }), { $months ->
    [one] { $months } Monat
   *[other] { $months } Monate
}
line-renewal = { $plan } — { $name }, Verlängerung um { $months ->
    [one] { $months } Monat
   *[other] { $months } Monate
} bis { $until }
line-upgrade = Upgrade von { $name } auf { $plan }, { $seats } Plätze, Speicher { $storage }: { $days } von { $period } Tagen
line-volume = (Listenpreis { $list }, −{ $percent } % Mengenrabatt)
pdf-credit-note = Gutschrift
pdf-credits = Gutschrift zu Rechnung
pdf-credit-note-note = Diese Gutschrift storniert, was auf Rechnung { $number } noch offen war. Es ist nichts zu bezahlen.
pdf-credited-by = Storniert mit Gutschrift { $number }. Es ist nichts zu bezahlen.
line-credit = Gutschrift zu Rechnung { $number }: { $line }
pdf-credit-note-number = Gutschriftsnummer
field-billing_address = Rechnungsadresse
catalog-default-address = Die Standard-Rechnungsadresse
catalog-warranty-help = bei Ablauf verlängert und mit offener Rechnung verrechnet, falls unbezahlt (nicht für NAS)
prepaid-top-up-transfer-help = (mit der unten angezeigten Referenz überweisen; gutgeschrieben wird der eingehende Betrag; Bankspesen tragen Sie)
prepaid-awaited = Aufladungen, die auf Ihre Überweisung warten
prepaid-awaited-help = Überweisen Sie auf das Konto unten mit der Referenz: das Guthaben wächst um den eingehenden Betrag.
prepaid-pay-to = Konto
notice-top-up-awaited = Aufladung per Banküberweisung eröffnet: überweisen Sie den Betrag mit seiner Referenz (siehe unten).
pay-selected = Offene Bestellungen der Auswahl bezahlen
pay-selected-explain = Noch nicht bezahlte Produkte werden mit ihren Bestellungen in einer Zahlung bezahlt.
selection-in-order = in der Bestellung
selection-order = Bestellung { $id }
selection-order-next = bereit zur Zahlung für die Produkte, die angenommen wurden
selection-go-on = Weiter zur Bestellung
catalog-cart = Warenkorb
catalog-cart-empty = Der Warenkorb ist leer: Produkte jeder Art und Laufzeit hinzufügen und dann gemeinsam bestellen.
catalog-add-line = In den Warenkorb
catalog-add-to-cart = In den Warenkorb legen
catalog-remove = Entfernen
catalog-order-row = Bestellen
catalog-period = { $n ->
    [one] 1 Monat
   *[other] { $n } Monate
}
means-card = Karte
means-prepaid = Prepaid-Konto
means-twint = TWINT
means-postfinance = PostFinance
means-paypal = PayPal
means-transfer = Banküberweisung
scope-profile = Profil
scope-organizations = Organisationen
scope-products = Produkte
scope-billing = Rechnungen
scope-partners = Partner
scope-read-only = { $area } (nur lesen)
