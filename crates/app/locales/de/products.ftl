# Kontor messages — de. Products: lists, product page, suites, mailboxes, sites.

products-title = Produkte
product-title = Produkt
site-title = Site-Einstellungen
type-domain = Domain
type-web_hosting = Webhosting
type-mail_service = Mail-Dienst
type-workspace_suite = Workspace-Suite
type-drive = Drive
type-chat = Chat
type-cloud_server = Cloud-Server
type-nas = NAS
type-backup = Backup
type-premium_support = Premium-Support
products-window = Ablauf
products-window-2m = Nächste 2 Monate und neue
products-window-all = Alle
products-any = alle
products-matching = Produkte gefunden
products-none = Kein Produkt entspricht diesen Filtern.
products-next = Nächste Seite
products-select = Auswählen
products-select-all = Alle auswählen
bulk-action = Mit den ausgewählten Produkten
bulk-apply = Ausführen
bulk-done = erledigt
bulk-none-manageable = Sie dürfen keines dieser Produkte ändern.
bulk-enable_auto_renew = automatische Verlängerung einschalten
bulk-disable_auto_renew = automatische Verlängerung ausschalten
bulk-enable_renewal_warranty = Verlängerungsgarantie einschalten
bulk-disable_renewal_warranty = Verlängerungsgarantie ausschalten
product-activated = Aktiv seit
product-expires = Läuft ab
product-auto-renew = Automatische Verlängerung
product-warranty = Verlängerungsgarantie
product-settings = Einstellungen
product-part-of = Teil von
product-move = In eine andere Organisation verschieben
product-move-to = Organisation
product-move-none = Sie sind in keiner anderen Organisation gesetzliche Vertretung oder Administrator.
product-cancel = Dieses Produkt beenden
product-cancel-explain = Das Produkt wird sofort beendet; das lässt sich nicht rückgängig machen.
suite-upgrade = Upgrade
suite-upgrade-explain = Mehr Plätze, mehr Speicher oder ein höherer Tarif; Sie bezahlen die Differenz für die verbleibenden Tage der Laufzeit. Eine Suite wird nie herabgestuft.
suite-upgrade-order = Upgrade bestellen
suite-seats = Plätze
suite-seat-holders = Mitglieder mit einem Platz
suite-contains = Enthält
mailboxes-title = Postfächer
mailboxes-none = Noch kein Postfach.
mailboxes-address = Adresse
mailboxes-add = Postfach hinzufügen
sites-title = Websites
sites-none = Noch keine Site.
sites-name = Hostname
sites-imported = Von der alten Plattform übernommen (MySQL-Präfix an)
sites-add = Site hinzufügen
site-server-prefix = Server-Präfix
site-mysql-prefix = MySQL-Präfix
site-mysql-prefix-help = Mit eingeschaltetem Präfix dürfen Skripte kurze Namen (mydb) verwenden, die die Plattform auf volle Namen (praefix_mydb) abbildet. Beim Ausschalten erhalten Sie die Liste der Namen, die nun voll zu schreiben sind.
site-prefix-on = An: kurze Namen werden abgebildet
site-prefix-off = Aus: Namen werden voll geschrieben
site-renames-explain = Das MySQL-Präfix ist aus. Schreiben Sie diese Namen in Ihren Anwendungen voll aus:
site-kind = Art
site-before = Vorher
site-after = Nachher
site-databases = Datenbanken und Benutzer
site-no-databases = Noch keine Datenbank.
site-add-database = Hinzufügen
site-env = Umgebungsvariablen
site-env-help = Ein NAME=Wert pro Zeile; Namen aus Grossbuchstaben, Ziffern und _, höchstens 64 Zeichen; Werte bis 4096 Bytes; höchstens 100 Variablen; PATH, HOME und andere reservierte Namen werden abgelehnt.
db-database = Datenbank
db-user = Datenbankbenutzer
notice-product-saved = Das Produkt ist gespeichert.
notice-product-cancelled = Das Produkt ist beendet.
notice-product-moved = Das Produkt wurde in die andere Organisation verschoben.
notice-mailbox-added = Das Postfach ist hinzugefügt.
notice-mailbox-deleted = Das Postfach ist gelöscht.
notice-site-saved = Die Site ist gespeichert.
products-outside-window = { $count ->
    [one] Ein weiteres Produkt läuft nicht in den nächsten zwei Monaten ab.
   *[other] { $count } weitere Produkte laufen nicht in den nächsten zwei Monaten ab.
}
products-show-all = Alle Produkte zeigen
products-plan = Angebot
products-price-per = { $price } pro { $months ->
    [one] Monat
   *[other] { $months } Monate
}
products-awaiting-payment = Wartet auf Zahlung: zur Bestellung
product-auto-renew-help = Verlängert das Produkt 14 Tage vor Ablauf mit der gespeicherten Karte oder dem Prepaid-Konto; jeder misslungene Versuch wird den Rechnungskontakten gemeldet. Lässt sich nur einschalten, solange das Produkt in 14 oder mehr Tagen abläuft; sonst zuerst manuell verlängern.
product-warranty-help = Erreicht das Produkt seinen Ablauf unbezahlt, wird es trotzdem verlängert und eine Rechnung für die Verlängerung folgt: Der Dienst läuft weiter. Ohne sie wird ein unbezahltes Produkt beim Ablauf gesperrt und nach einer Nachfrist beendet.
product-renewal-price = Verlängerungspreis
product-order-link = Die Bestellung, mit der es gekauft wurde
product-suspended-expiry = Gesperrt seit { $date }: Es ist am { $expiry } abgelaufen, ohne verlängert zu werden. Eine Verlängerung macht es sofort wieder aktiv.
product-suspended-dunning = Gesperrt seit { $date }: Die Rechnung { $number } ist unbezahlt. Ihre Zahlung macht das Produkt sofort wieder aktiv.
product-suspended-dunning-other = Gesperrt seit { $date }: Eine Rechnung dafür ist unbezahlt. Ein Mitglied mit Rechnungsrecht kann sie bezahlen; das Produkt ist dann sofort wieder aktiv.
product-pending = Wartet auf Zahlung: Das Produkt startet, sobald seine Bestellung bezahlt ist.
product-pay-order = Bestellung bezahlen
product-pay-invoice = Rechnung { $number } bezahlen
product-renew = Verlängern
product-renew-explain = { $months ->
    [one] Die Verlängerung fügt einen Monat hinzu: Das Produkt läuft dann bis { $until }.
   *[other] Die Verlängerung fügt { $months } Monate hinzu: Das Produkt läuft dann bis { $until }.
}
product-renew-pay = Verlängern und bezahlen
product-renew-proforma = Proforma für die Überweisung
notice-bulk = Erledigt für { $n ->
    [one] ein Produkt
   *[other] { $n } Produkte
}: { $action }.
