# The confirmation step of what cannot be undone (issue 18).
undo-title = Confermate, per favore
undo-keep = No, mantieni
confirm-end-product = { $name } ({ $type }) verrà terminato adesso.
confirm-remove-members = { $count ->
    [one] Questo membro verrà rimosso dall’organizzazione: { $names }.
   *[other] Questi { $count } membri verranno rimossi dall’organizzazione: { $names }.
}
confirm-remove-members-after = Perdono subito l’accesso ai suoi prodotti; solo un nuovo invito li riporta.
confirm-remove = Rimuovi
confirm-leave = Lascerete { $name }.
confirm-leave-after = Perdete subito l’accesso ai suoi prodotti e alle sue fatture; solo un nuovo invito vi riporta.
confirm-leave-button = Lascia l’organizzazione
confirm-revoke-token = Il token API «{ $name }» smette di funzionare adesso.
confirm-revoke-token-after = Ogni programma che lo usa viene rifiutato da quel momento; non si può annullare.
confirm-revoke = Revoca il token
confirm-forget-card = La carta salvata { $card } verrà dimenticata.
confirm-forget-card-after = I rinnovi automatici non possono più esservi addebitati; per riutilizzarla, inseritela di nuovo.
confirm-forget = Dimentica la carta
confirm-delete-address = L’indirizzo di fatturazione { $address } verrà eliminato.
confirm-delete-address-after = Le fatture già emesse lo conservano; i nuovi ordini non possono più sceglierlo.
confirm-delete = Elimina l’indirizzo
