# The confirmation step of what cannot be undone (issue 18).
undo-title = Bitte bestätigen
undo-keep = Nein, behalten
confirm-end-product = { $name } ({ $type }) wird jetzt beendet.
confirm-remove-members = { $count ->
    [one] Dieses Mitglied wird aus der Organisation entfernt: { $names }.
   *[other] Diese { $count } Mitglieder werden aus der Organisation entfernt: { $names }.
}
confirm-remove-members-after = Sie verlieren sofort den Zugang zu ihren Produkten; nur eine neue Einladung bringt sie zurück.
confirm-remove = Entfernen
confirm-leave = Sie verlassen { $name }.
confirm-leave-after = Sie verlieren sofort den Zugang zu ihren Produkten und Rechnungen; nur eine neue Einladung bringt Sie zurück.
confirm-leave-button = Organisation verlassen
confirm-revoke-token = Das API-Token «{ $name }» funktioniert ab jetzt nicht mehr.
confirm-revoke-token-after = Jedes Programm, das es verwendet, wird ab dann abgewiesen; das lässt sich nicht rückgängig machen.
confirm-revoke = Token widerrufen
confirm-forget-card = Die gespeicherte Karte { $card } wird vergessen.
confirm-forget-card-after = Automatische Verlängerungen können ihr nicht mehr belastet werden; um sie wieder zu verwenden, geben Sie sie neu ein.
confirm-forget = Karte vergessen
confirm-delete-address = Die Rechnungsadresse { $address } wird gelöscht.
confirm-delete-address-after = Bereits ausgestellte Rechnungen behalten sie; neue Bestellungen können sie nicht mehr wählen.
confirm-delete = Adresse löschen
