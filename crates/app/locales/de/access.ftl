# Kontor messages — de. Authorization: the reasons a decision gives (AUTHZ-4).

reason-system = Systemaufgaben handeln für die Plattform
reason-signin = melden Sie sich zuerst an
reason-missing-scope = diesem Token fehlt die Berechtigung; erstellen Sie ein Token damit
reason-own-account = jede Person verwaltet ihr eigenes Konto
reason-not-member = Sie sind nicht Mitglied dieser Organisation
reason-member = jedes Mitglied sieht seine Organisation
reason-manager = gesetzliche Vertretungen und Administratoren verwalten die Organisation
reason-needs-manager = Die Rolle Benutzer kann dies nicht ändern; ein Administrator oder eine gesetzliche Vertretung kann es.
reason-legal-representative = gesetzliche Vertretungen ändern die rechtlichen Angaben
reason-needs-legal-representative = Nur eine gesetzliche Vertretung ändert die rechtlichen Angaben der Organisation.
reason-service = Service-Tokens mit access:check stellen Zugriffsfragen
reason-service-only-checks = ein Service-Token prüft nur Zugriffe
reason-service-only = nur Service-Tokens prüfen Zugriffe
reason-billing = Mitglieder mit Rechnungsrecht sehen Rechnungen und bezahlen
reason-needs-billing = Dazu braucht es das Rechnungsrecht; eine gesetzliche Vertretung oder ein Administrator kann es erteilen.
reason-manager-products = gesetzliche Vertretungen und Administratoren erreichen alle Produkte
reason-granted = dieses Produkt ist Ihnen einzeln zugewiesen
reason-granted-workgroup = dieses Produkt ist einer Ihrer Arbeitsgruppen zugewiesen
reason-needs-grant = Die Rolle Benutzer erreicht nur zugewiesene Produkte (direkt oder über eine Arbeitsgruppe); ein Administrator kann dieses zuweisen.
reason-partner = Ein Partner verwaltet die Produkte dieses Kunden.
reason-partner-product = Ein Partner verwaltet dieses Produkt für den Kunden.
reason-partner-limited = Der beschränkte Zugang eines Partners umfasst nur die ausgewählten Produkte; der Kunde kann vollen Zugang geben.
reason-partner-not-member = Ein Partner verwaltet Produkte, nicht die Organisation des Kunden; das tun dessen gesetzliche Vertreter.
