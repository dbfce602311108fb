# The console's home page and menu (issue 18).
nav-group-products = Produkte und Bestellungen
nav-group-billing = Rechnungen und Zahlung
nav-group-organization = Organisation
nav-group-account = Konto
nav-menu = Menü
nav-main = Hauptmenü
nav-start = Übersicht
home-title = Übersicht
home-auto-renew-on = Die automatische Verlängerung ist jetzt für { $name } eingeschaltet.
home-expiring = Läuft in den nächsten zwei Monaten ab
home-expiring-none = In den nächsten zwei Monaten läuft nichts ab.
home-actions = Aktionen
home-auto-renew-is-on = Ein
home-auto-renew-switch-on = Einschalten
home-renew = Verlängern
home-more = { $count ->
    [one] Ein weiteres Produkt läuft in diesem Zeitraum ab.
   *[other] { $count } weitere Produkte laufen in diesem Zeitraum ab.
}
home-all-products = Alle Produkte
home-invoices = Zu bezahlende Rechnungen
home-invoices-none = Keine Rechnung wartet auf Zahlung.
home-overdue = Überfällig seit
home-due = Fällig am
home-pay = Bezahlen
home-all-invoices = Alle offenen Rechnungen
home-prepaid = Guthaben des Prepaid-Kontos
home-top-up = Aufladen
home-orders = Bestellungen, die auf Zahlung warten
home-order-label = Bestellung { $id }
home-invitations = Einladungen, die auf Antwort warten
home-invitation-until = gültig bis
home-families = Ihre Produkte
home-families-none = Noch keine Produkte.
home-order = Produkte bestellen
home-no-organization = Sie sind Mitglied keiner Organisation. Eine Administratorin oder ein Administrator kann Sie wieder einladen; Ihr Konto und Ihr Profil bleiben Ihnen.
