# Kontor messages — it. Products: lists, product page, suites, mailboxes, sites.

products-title = Prodotti
product-title = Prodotto
site-title = Impostazioni del sito
type-domain = Dominio
type-web_hosting = Hosting web
type-mail_service = Servizio e-mail
type-workspace_suite = Suite collaborativa
type-drive = Drive
type-chat = Chat
type-cloud_server = Server cloud
type-nas = NAS
type-backup = Backup
type-premium_support = Supporto premium
products-window = Scadenza
products-window-2m = Prossimi 2 mesi e nuovi
products-window-all = Tutte
products-any = tutti
products-matching = prodotti corrispondono
products-none = Nessun prodotto corrisponde a questi filtri.
products-next = Pagina successiva
products-select = Seleziona
products-select-all = Seleziona tutti
bulk-action = Con i prodotti selezionati
bulk-apply = Applica
bulk-done = fatto
bulk-none-manageable = Non può modificare nessuno di questi prodotti.
bulk-enable_auto_renew = attiva il rinnovo automatico
bulk-disable_auto_renew = disattiva il rinnovo automatico
bulk-enable_renewal_warranty = attiva la garanzia di rinnovo
bulk-disable_renewal_warranty = disattiva la garanzia di rinnovo
product-activated = Attivo dal
product-expires = Scadenza
product-auto-renew = Rinnovo automatico
product-warranty = Garanzia di rinnovo
product-settings = Impostazioni
product-part-of = Fa parte di
product-move = Sposta in un'altra organizzazione
product-move-to = Organizzazione
product-move-none = Non è rappresentante legale né amministratore di nessun'altra organizzazione.
product-cancel = Termina questo prodotto
product-cancel-explain = Il prodotto viene terminato subito; non si può annullare.
suite-upgrade = Potenziamento
suite-upgrade-explain = Più posti, più spazio o un piano superiore; paga la differenza per i giorni rimanenti del periodo. Una suite non viene mai declassata.
suite-upgrade-order = Ordina il potenziamento
suite-seats = Posti
suite-seat-holders = Membri titolari di un posto
suite-contains = Contiene
mailboxes-title = Caselle e-mail
mailboxes-none = Ancora nessuna casella.
mailboxes-address = Indirizzo
mailboxes-add = Aggiungi la casella
sites-title = Siti
sites-none = Ancora nessun sito.
sites-name = Nome host
sites-imported = Importato dalla vecchia piattaforma (prefisso MySQL attivo)
sites-add = Aggiungi il sito
site-server-prefix = Prefisso del server
site-mysql-prefix = Prefisso MySQL
site-mysql-prefix-help = Con il prefisso attivo, gli script possono usare nomi brevi (mydb) che la piattaforma traduce in nomi completi (prefisso_mydb). Disattivandolo ottiene l'elenco dei nomi da scrivere per intero d'ora in poi.
site-prefix-on = Attivo: i nomi brevi vengono tradotti
site-prefix-off = Disattivo: i nomi si scrivono per intero
site-renames-explain = Il prefisso MySQL è disattivato. Scriva questi nomi per intero nelle sue applicazioni:
site-kind = Genere
site-before = Prima
site-after = Dopo
site-databases = Database e utenti
site-no-databases = Ancora nessun database.
site-add-database = Aggiungi
site-env = Variabili d'ambiente
site-env-help = Un NOME=valore per riga; nomi in maiuscole, cifre e _, al massimo 64 caratteri; valori fino a 4096 byte; al massimo 100 variabili; PATH, HOME e altri nomi riservati sono rifiutati.
db-database = database
db-user = utente del database
notice-product-saved = Il prodotto è salvato.
notice-product-cancelled = Il prodotto è terminato.
notice-product-moved = Il prodotto è stato spostato nell'altra organizzazione.
notice-mailbox-added = La casella è aggiunta.
notice-mailbox-deleted = La casella è eliminata.
notice-site-saved = Il sito è salvato.
products-outside-window = { $count ->
    [one] Un altro prodotto non scade nei prossimi due mesi.
   *[other] Altri { $count } prodotti non scadono nei prossimi due mesi.
}
products-show-all = Mostra tutti i prodotti
products-plan = Piano
products-price-per = { $price } ogni { $months ->
    [one] mese
   *[other] { $months } mesi
}
products-awaiting-payment = In attesa di pagamento: vedi l’ordine
product-auto-renew-help = Rinnova il prodotto 14 giorni prima della scadenza con la carta salvata o il conto prepagato; ogni tentativo fallito è segnalato ai contatti di fatturazione. Si può attivare solo se il prodotto scade fra 14 giorni o più; altrimenti lo rinnovi prima manualmente.
product-warranty-help = Se il prodotto arriva alla scadenza senza essere pagato, viene rinnovato comunque e segue una fattura per il rinnovo: il servizio non si ferma. Senza, un prodotto non pagato viene sospeso alla scadenza e terminato dopo un periodo di tolleranza.
product-renewal-price = Prezzo del rinnovo
product-order-link = L'ordine con cui è stato acquistato
product-suspended-expiry = Sospeso dal { $date }: è scaduto il { $expiry } senza essere rinnovato. Rinnovarlo lo riattiva subito.
product-suspended-dunning = Sospeso dal { $date }: la fattura { $number } non è pagata. Pagarla riattiva subito il prodotto.
product-suspended-dunning-other = Sospeso dal { $date }: una fattura che lo riguarda non è pagata. Un membro con diritto di fatturazione può pagarla; il prodotto si riattiva allora subito.
product-pending = In attesa di pagamento: il prodotto parte appena il suo ordine è pagato.
product-pay-order = Paga l'ordine
product-pay-invoice = Paga la fattura { $number }
product-renew = Rinnova
product-renew-explain = { $months ->
    [one] Il rinnovo aggiunge un mese: il prodotto dura allora fino al { $until }.
   *[other] Il rinnovo aggiunge { $months } mesi: il prodotto dura allora fino al { $until }.
}
product-renew-pay = Rinnova e paga
product-renew-proforma = Proforma per pagare con bonifico
notice-bulk = Fatto per { $n ->
    [one] un prodotto
   *[other] { $n } prodotti
}: { $action }.
