# The confirmation step of what cannot be undone (issue 18).
undo-title = Veuillez confirmer
undo-keep = Non, conserver
confirm-end-product = { $name } ({ $type }) va être résilié maintenant.
confirm-remove-members = { $count ->
    [one] Ce membre va être retiré de l’organisation : { $names }.
   *[other] Ces { $count } membres vont être retirés de l’organisation : { $names }.
}
confirm-remove-members-after = Ils perdent aussitôt l’accès à ses produits ; seule une nouvelle invitation les fait revenir.
confirm-remove = Retirer
confirm-leave = Vous allez quitter { $name }.
confirm-leave-after = Vous perdez aussitôt l’accès à ses produits et factures ; seule une nouvelle invitation vous fait revenir.
confirm-leave-button = Quitter l’organisation
confirm-revoke-token = Le jeton d’API « { $name } » cesse de fonctionner maintenant.
confirm-revoke-token-after = Tout programme qui l’utilise est refusé dès lors ; c’est irréversible.
confirm-revoke = Révoquer le jeton
confirm-forget-card = La carte enregistrée { $card } va être oubliée.
confirm-forget-card-after = Les renouvellements automatiques ne peuvent plus y être débités ; pour la réutiliser, saisissez-la à nouveau.
confirm-forget = Oublier la carte
confirm-delete-address = L’adresse de facturation { $address } va être supprimée.
confirm-delete-address-after = Les factures déjà émises la conservent ; les nouvelles commandes ne peuvent plus la choisir.
confirm-delete = Supprimer l’adresse
