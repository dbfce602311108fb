# Kontor messages — it. Billing: catalogue, orders, payments, invoices, PDFs, renewals, reminders, prepaid account.

mail-invoice-issued-subject = Fattura { $number } emessa
mail-invoice-issued-body = Grazie per il pagamento. La fattura { $number } di { $total } è stata emessa e pagata. Potete consultarla e scaricarla qui: { $link }
mail-invoice-due-subject = Fattura { $number }: { $total } in scadenza il { $due }
mail-invoice-due-body = La garanzia di rinnovo ha rinnovato i vostri prodotti: il servizio continua. La fattura { $number } di { $total } scade il { $due }.
    Pagatela nella console: { $link }
    Con bonifico bancario? Indicate il riferimento { $reference } e l'importo esatto di { $total }.
mail-renewal-failed-subject = Il rinnovo automatico non è riuscito
mail-renewal-failed-body = Non siamo riusciti a rinnovare automaticamente questi prodotti ({ $total }):
    { $products }
    Motivo: { $reason ->
        [card_declined] la carta è stata rifiutata.
        [insufficient_funds] la carta non ha fondi sufficienti.
        [expired_card] la carta è scaduta.
        [no_payment_means] non c'è alcun mezzo di pagamento salvato e il conto prepagato non copre l'importo.
        [plan_not_offered] il piano non è più offerto per questo periodo; sceglietene un altro.
       *[other] il pagamento non è riuscito ({ $reason }).
    }
    Prossimo tentativo: { $next }. Per evitare un'interruzione, rinnovateli ora o aggiornate il mezzo di pagamento: { $link }
mail-expiry-notice-subject = Prodotti in scadenza il { $date }
mail-expiry-notice-body = Questi prodotti scadono il { $date }:
    { $products }
    Rinnovateli o verificate il rinnovo automatico nella console: { $link }
mail-products-suspended-subject = Prodotti sospesi: scaduti senza pagamento
mail-products-suspended-body = Questi prodotti sono arrivati alla scadenza senza pagamento e sono sospesi:
    { $products }
    Rinnovateli prima del { $until } per riattivarli dalla vecchia scadenza; dopo quella data sono disdetti definitivamente: { $link }
mail-products-terminated-subject = Prodotti disdetti
mail-products-terminated-body = Il periodo di tolleranza è terminato e questi prodotti sono disdetti:
    { $products }
mail-invoice-reminder-subject = Sollecito { $level }: la fattura { $number } è scaduta
mail-invoice-reminder-body = La fattura { $number } di { $total } era in scadenza il { $due } ed è ancora da pagare.
    Importo: { $total }
    Riferimento: { $reference }
    Un bonifico deve riportare questo riferimento ed esattamente questo importo, altrimenti non può essere abbinato alla fattura.
    Se avete pagato con bonifico negli ultimi giorni, il pagamento e questo sollecito si sono incrociati: il bonifico sarà abbinato alla fattura e non occorre altro.
    Questo sollecito è autentico? Accedete voi stessi alla console (non seguite link di cui dubitate): ogni sollecito è elencato nella pagina della fattura, { $link }. Non chiediamo mai numeri di carta o password per e-mail.
mail-dunning-suspended-subject = Fattura { $number } non pagata: prodotti sospesi
mail-dunning-suspended-body = La fattura { $number } di { $total } è ancora da pagare, quindi i prodotti che fattura sono sospesi:
    { $products }
    Pagate { $total } con il riferimento { $reference } prima del { $until } e saranno riattivati subito; dopo quella data saranno disdetti: { $link }
mail-dunning-terminated-subject = Fattura { $number } non pagata: prodotti disdetti
mail-dunning-terminated-body = La fattura { $number } di { $total } (riferimento { $reference }) non è stata pagata, quindi i prodotti che fattura sono disdetti:
    { $products }
    L’importo ancora dovuto è annullato dalla nota di credito { $credit_note }; la fattura non può più essere pagata.
renewal-no-next-attempt = nessuno — il prodotto arriva alla scadenza
notice-reset-sent = Se un account usa questo indirizzo, un link di reimpostazione è in arrivo. È valido un’ora.
notice-signed-out = Sei uscito.
notice-invited = Invito inviato a
notice-removed = Membri rimossi
notice-left = Hai lasciato l’organizzazione.
catalog-title = Ordinare prodotti
orders-title = Ordini
order-title = Ordine
confirm-title = Conferma il pagamento
invoices-title = Fatture
invoice-title = Fattura
prepaid-title = Conto prepagato
catalog-order = Nuovo ordine
catalog-months = mesi
catalog-names = Nomi
catalog-names-help = uno per riga: un nome di dominio, un nome di sito, un'etichetta; ogni riga è un prodotto
catalog-place-order = Invia l'ordine
catalog-preview = Mostra il prezzo
catalog-price = Prezzo
catalog-prices = Prezzi per durata
catalog-per-seat = per posto
catalog-suite-only = solo suite collaborativa
catalog-tiers = Prezzi degressivi per hosting web e e-mail
catalog-tiers-explain = Più hosting web (o servizi e-mail) l'organizzazione possiede, meno costa ciascuno. Vale la fascia del numero posseduto una volta attivo l'ordine, e ogni voce dell'ordine ne beneficia.
catalog-from = da
price-list = Prezzo di listino
price-degressive = Degressivo
price-amount = Importo
price-subtotal = Subtotale IVA esclusa
price-vat = IVA
price-reverse-charge = Esportazione / inversione contabile, senza IVA
price-total = Totale
price-excl-vat = IVA esclusa
orders-none = Ancora nessun ordine.
order-paid-on = pagato il
order-upgrade-prorated = pro rata per i giorni rimanenti:
order-cancel = Annulla questo ordine
order-cancel-explain = I nuovi prodotti dell'ordine vengono rimossi e i loro nomi tornano liberi.
pay-title = Paga
pay-means = Mezzo di pagamento
pay-prepaid = Conto prepagato
pay-prepaid-short = il saldo non basta per tutto l'ordine
pay-new-card = Una nuova carta
pay-prepaid-part = Parte dal conto prepagato
pay-prepaid-part-help = il resto viene addebitato sulla carta
pay-save-card = Conserva la carta per i prossimi pagamenti
pay-auto-renew = Rinnova automaticamente questi prodotti con questa carta
pay-button = Paga
payments-title = Pagamenti
confirm-card = Addebitato su
confirm-prepaid = Dal conto prepagato
confirm-button = Paga ora
checkout-title = Pagamenti sandbox
checkout-test-mode = Modalità di prova: nessuna carta reale viene addebitata
checkout-number = Numero di carta
checkout-expiry = Scadenza (mese / anno)
checkout-pay = Paga
checkout-test-cards = Numeri di carta di prova
checkout-card-ok = il pagamento riesce
checkout-invalid = Questo link di pagamento è incompleto o non valido.
card-card_declined = La carta è stata rifiutata.
card-insufficient_funds = La carta non ha fondi sufficienti.
card-expired_card = La carta è scaduta.
invoices-none = Ancora nessuna fattura.
invoice-number = Numero
invoice-issued = Emessa il
invoice-due = Scadenza
invoice-bill-to = Fatturato a
invoice-description = Descrizione
invoice-quantity = Qtà
invoice-unit = Prezzo unitario
invoice-account = Conto
prepaid-balance = Saldo
prepaid-explain = Paghi gli ordini con questo saldo, in tutto o in parte. Non diventa mai negativo.
prepaid-top-up = Ricarica
prepaid-ledger = Movimenti
prepaid-entry = Registrazione
prepaid-no-entries = Ancora nessun movimento.
ledger-top_up = ricarica
ledger-payment = pagamento
ledger-cashback = cashback partner
ledger-commission = commissione di affiliazione
cards-title = Carte salvate
cards-forget = Dimentica
notice-order-paid = Pagato. I prodotti sono attivi e la fattura è emessa.
notice-payment-cancelled = Il pagamento è stato annullato; nulla è stato addebitato.
notice-topped-up = Il conto prepagato è stato ricaricato.
notice-card-forgotten = La carta è dimenticata.
notice-seats-saved = I posti sono salvati.
notice-database-added = Aggiunto, con il nome completo.
pdf-invoice = Fattura
pdf-proforma = Fattura proforma
pdf-number = Numero di fattura
pdf-issued = Data
pdf-due = Scadenza
pdf-reference = Riferimento di pagamento
pdf-order = Ordine
pdf-customer-vat = Il vostro numero IVA
pdf-provider-vat = N. IVA
pdf-description = Descrizione
pdf-quantity = Qtà
pdf-unit-price = Prezzo unitario
pdf-amount = Importo { $currency }
pdf-subtotal = Subtotale IVA esclusa
pdf-vat = IVA { $rate } %
pdf-total = Totale
pdf-page = Pagina
pdf-prices-excl-vat = Tutti i prezzi sono indicati IVA esclusa.
pdf-reverse-charge = Esportazione di servizi / inversione contabile: l’IVA è dovuta dal destinatario.
pdf-paid-on = Pagata il { $date }. Grazie.
pdf-pay-chf = Pagate con la sezione pagamento qui sotto e il suo riferimento QR, così il pagamento è riconosciuto subito. Le spese bancarie sono a carico di chi paga.
pdf-pay-eur = Vogliate bonificare { $amount } a { $name }, IBAN { $iban }, con il riferimento { $reference }. Le spese bancarie sono a carico di chi paga.
slip-receipt = Ricevuta
slip-payment-part = Sezione pagamento
slip-account = Conto / Pagabile a
slip-reference = Riferimento
slip-additional-information = Informazioni supplementari
slip-payable-by = Pagabile da
slip-payable-by-blank = Pagabile da (nome/indirizzo)
slip-currency = Valuta
slip-amount = Importo
slip-acceptance-point = Punto di accettazione
slip-separate = Da staccare prima del versamento
sandbox-pay-decided = Su questo pagamento si è già deciso.
sandbox-pay-approve = Approva il pagamento
sandbox-pay-decline = Rifiuta
sandbox-pay-paypal = Accedete a PayPal e approvate il pagamento al commerciante.
sandbox-pay-twint = Scansionate il codice con l’app TWINT e confermate. Il vostro profilo TWINT è conservato per i pagamenti successivi e i rinnovi automatici.
sandbox-pay-postfinance = Confermate il pagamento con la vostra PostFinance Card.
card-declined_by_payer = il pagamento è stato rifiutato sulla pagina del fornitore
pay-twint-help = (il profilo è conservato per i rinnovi automatici)
pay-postfinance-chf-only = solo in CHF
pay-bank-transfer = Bonifico bancario
pay-bank-transfer-help = (pagate con la fattura proforma; l’ordine si conclude all’arrivo dei fondi; spese bancarie a vostro carico)
pay-bank-transfer-invoice-help = (pagate sul conto con il riferimento della fattura; risulta pagata all’arrivo dei fondi; spese bancarie a vostro carico)
notice-payment-transfer = Bonifico scelto: scaricate la fattura proforma e pagatela con il suo riferimento. L’ordine si conclude all’arrivo dei fondi.
notice-payment-pending = Il pagamento non è ancora confermato.
notice-payment-declined = Il pagamento è stato rifiutato; nulla è stato addebitato.
proforma-download = Proforma (PDF)
dunning-step-1 = Sollecito 1
dunning-step-2 = Sollecito 2
dunning-step-3 = Prodotti sospesi
dunning-step-4 = Prodotti disdetti
invoice-pdf = Scarica il PDF
invoice-reminders = Solleciti
renew-selected = Rinnova e paga la selezione
renew-proforma = Proforma della selezione (PDF)
renew-explain = Ogni prodotto è rinnovato dalla propria data di scadenza.
invoices-export = Esporta CSV
invoices-export-from = Emesse dal
invoices-export-until = al
billing-title = Fatturazione
billing-addresses = Indirizzi di fatturazione
billing-addresses-help = Le fatture sono intestate all’indirizzo predefinito, salvo sceglierne un altro all’ordine o al rinnovo.
billing-addresses-none = Ancora nessun indirizzo di fatturazione: le fatture vanno all’indirizzo dell’organizzazione.
billing-address = Indirizzo
billing-default = predefinito
billing-make-default = Rendi predefinito
billing-address-add = Aggiungi indirizzo
billing-messages = Messaggi di fatturazione
billing-expiry-notices = Avvisi di scadenza prima che i prodotti scadano
billing-invoice-mails = E-mail delle fatture
billing-recipients = Inviati ai contatti di fatturazione:
billing-means = Mezzi di pagamento salvati
billing-means-help = Carte e profili TWINT conservati per pagamenti e rinnovi automatici.
billing-means-none = Nessun mezzo di pagamento salvato.
billing-saved = Salvato.
mail-charge-refunded-subject = Rimborso di { $amount }
mail-charge-refunded-body = Il { $date } { $means } ha addebitato { $amount } per un pagamento non più necessario: l’ordine era già stato pagato in altro modo, o il pagamento era stato annullato. L’intero importo le è stato rimborsato; possono volerci alcuni giorni prima che appaia.
line-new = { $plan } — { $name }, { $months ->
    [one] { $months } mese
   *[other] { $months } mesi
}
line-suite = { $plan } — { $name } ({ $seats } posti, spazio { $storage }), { $months ->
    [one] { $months } mese
   *[other] { $months } mesi
}
line-renewal = { $plan } — { $name }, rinnovo di { $months ->
    [one] { $months } mese
   *[other] { $months } mesi
} fino al { $until }
line-upgrade = Upgrade di { $name } a { $plan }, { $seats } posti, spazio { $storage }: { $days } giorni su { $period }
line-volume = (prezzo di listino { $list }, −{ $percent } % di sconto quantità)
pdf-credit-note = Nota di credito
pdf-credits = Nota di credito per la fattura
pdf-credit-note-note = Questa nota di credito annulla quanto ancora dovuto sulla fattura { $number }. Non c’è nulla da pagare.
pdf-credited-by = Annullata dalla nota di credito { $number }. Non c’è nulla da pagare.
line-credit = Accredito per la fattura { $number }: { $line }
pdf-credit-note-number = Numero della nota di credito
field-billing_address = Indirizzo di fatturazione
catalog-default-address = L’indirizzo di fatturazione predefinito
catalog-warranty-help = rinnovato alla scadenza e fatturato con una fattura aperta se non pagato (non per i NAS)
prepaid-top-up-transfer-help = (bonificate con il riferimento indicato poi; viene accreditato l’importo ricevuto; le spese bancarie sono a vostro carico)
prepaid-awaited = Ricariche in attesa del vostro bonifico
prepaid-awaited-help = Bonificate sul conto qui sotto con il riferimento: il saldo cresce dell’importo ricevuto.
prepaid-pay-to = Conto
notice-top-up-awaited = Ricarica tramite bonifico aperta: bonificate l’importo con il suo riferimento, indicato qui sotto.
pay-selected = Paga gli ordini in sospeso della selezione
pay-selected-explain = I prodotti non ancora pagati lo sono con i loro ordini, in un solo pagamento.
selection-in-order = nell’ordine
selection-order = Ordine { $id }
selection-order-next = pronto da pagare per i prodotti accettati
selection-go-on = Prosegui verso l’ordine
catalog-cart = Carrello
catalog-cart-empty = Il carrello è vuoto: aggiunga prodotti di ogni tipo e durata, poi li ordini insieme.
catalog-add-line = Aggiungere al carrello
catalog-add-to-cart = Aggiungi al carrello
catalog-remove = Rimuovi
catalog-order-row = Ordina
catalog-period = { $n ->
    [one] 1 mese
   *[other] { $n } mesi
}
means-card = Carta
means-prepaid = Conto prepagato
means-twint = TWINT
means-postfinance = PostFinance
means-paypal = PayPal
means-transfer = Bonifico bancario
scope-profile = profilo
scope-organizations = organizzazioni
scope-products = prodotti
scope-billing = fatturazione
scope-partners = partner
scope-read-only = { $area } (sola lettura)
