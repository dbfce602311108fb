# The console's home page and menu (issue 18).
nav-group-products = Prodotti e ordini
nav-group-billing = Fatturazione
nav-group-organization = Organizzazione
nav-group-account = Account
nav-menu = Menu
nav-main = Menu principale
nav-start = Pagina iniziale
home-title = Pagina iniziale
home-auto-renew-on = Il rinnovo automatico è ora attivo per { $name }.
home-expiring = In scadenza nei prossimi due mesi
home-expiring-none = Nulla scade nei prossimi due mesi.
home-actions = Azioni
home-auto-renew-is-on = Attivo
home-auto-renew-switch-on = Attiva
home-renew = Rinnova
home-more = { $count ->
    [one] Un altro prodotto scade in questo periodo.
   *[other] Altri { $count } prodotti scadono in questo periodo.
}
home-all-products = Tutti i prodotti
home-invoices = Fatture da pagare
home-invoices-none = Nessuna fattura attende il pagamento.
home-overdue = Scaduta dal
home-due = Scadenza il
home-pay = Paga
home-all-invoices = Tutte le fatture aperte
home-prepaid = Saldo del conto prepagato
home-top-up = Ricarica
home-orders = Ordini in attesa di pagamento
home-order-label = Ordine { $id }
home-invitations = Inviti in attesa di risposta
home-invitation-until = valido fino al
home-families = I vostri prodotti
home-families-none = Ancora nessun prodotto.
home-order = Ordina prodotti
home-no-organization = Non siete membri di alcuna organizzazione. Un amministratore può invitarvi di nuovo; il vostro account e il vostro profilo restano vostri.
