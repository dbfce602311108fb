## Estratti conto (REC)

error-invalid_statement = Il file non è un estratto conto camt.053 o camt.054, oppure è malformato. Non è stato importato nulla.
mail-transfer-to-prepaid-subject = Il suo bonifico è sul suo conto prepagato
mail-transfer-to-prepaid-body = Abbiamo ricevuto il suo bonifico di { $amount } con il riferimento { $reference }. { $reason } L'intero importo è quindi sul conto prepagato della sua organizzazione. Il saldo paga i prossimi ordini, fatture e rinnovi: scelga «conto prepagato» al pagamento; i rinnovi automatici lo usano per primo. Per un ordine permanente, bonifichi sul riferimento di ricarica del conto prepagato invece che su quello di una fattura.
transfer-reason-amount = Quel riferimento chiede { $asked }, un altro importo.
transfer-reason-currency = Quel riferimento chiede { $asked }, in un'altra valuta.
transfer-reason-paid = Quel riferimento appartiene a una fattura o a un ordine già pagato (un ordine permanente mantiene il riferimento di una vecchia fattura, che non può pagare le nuove).
transfer-reason-cancelled = Quel riferimento appartiene a una fattura annullata da una nota di credito.
transfer-reason-unknown = Quel riferimento non è uno dei nostri.
transfer-reason-assigned = Il nostro personale l'ha attribuito alla sua organizzazione.
error-transaction_decided = Questa transazione bancaria è già stata attribuita o segnata per il rimborso.
problem-invalid_iban = inserisca un IBAN valido
problem-currency_mismatch = il conto dell'organizzazione è in un'altra valuta
