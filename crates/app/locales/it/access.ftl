# Kontor messages — it. Authorization: the reasons a decision gives (AUTHZ-4).

reason-system = i processi di sistema agiscono per la piattaforma
reason-signin = accedi prima
reason-missing-scope = a questo token manca l’ambito; crea un token che lo abbia
reason-own-account = ogni utente gestisce il proprio account
reason-not-member = non sei membro di questa organizzazione
reason-member = ogni membro vede la propria organizzazione
reason-manager = rappresentanti legali e amministratori gestiscono l’organizzazione
reason-needs-manager = Il ruolo utente non può modificarlo; un amministratore o un rappresentante legale sì.
reason-legal-representative = i rappresentanti legali modificano i dati legali
reason-needs-legal-representative = Solo un rappresentante legale modifica i dati legali dell’organizzazione.
reason-service = i token di servizio con access:check verificano gli accessi
reason-service-only-checks = un token di servizio verifica solo gli accessi
reason-service-only = solo i token di servizio verificano gli accessi
reason-billing = i membri con diritto di fatturazione vedono le fatture e pagano
reason-needs-billing = Serve il diritto di fatturazione; un rappresentante legale o un amministratore può concederlo.
reason-manager-products = rappresentanti legali e amministratori accedono a tutti i prodotti
reason-granted = questo prodotto ti è assegnato individualmente
reason-granted-workgroup = questo prodotto è assegnato a uno dei tuoi gruppi di lavoro
reason-needs-grant = Il ruolo utente accede solo ai prodotti assegnati a sé o ai propri gruppi; un amministratore può assegnare questo.
reason-partner = Un partner gestisce i prodotti di questo cliente.
reason-partner-product = Un partner gestisce questo prodotto per il cliente.
reason-partner-limited = L’accesso limitato di un partner copre solo i prodotti scelti; il cliente può dare l’accesso completo.
reason-partner-not-member = Un partner gestisce prodotti, non l’organizzazione del cliente; lo fanno i suoi rappresentanti legali.
