# The console's home page and menu (issue 18).
nav-group-products = Produits et commandes
nav-group-billing = Facturation
nav-group-organization = Organisation
nav-group-account = Compte
nav-menu = Menu
nav-main = Menu principal
nav-start = Accueil
home-title = Accueil
home-auto-renew-on = Le renouvellement automatique est maintenant activé pour { $name }.
home-expiring = Échéances des deux prochains mois
home-expiring-none = Rien n’arrive à échéance dans les deux prochains mois.
home-actions = Actions
home-auto-renew-is-on = Activé
home-auto-renew-switch-on = Activer
home-renew = Renouveler
home-more = { $count ->
    [one] Un autre produit arrive à échéance dans cette période.
   *[other] { $count } autres produits arrivent à échéance dans cette période.
}
home-all-products = Tous les produits
home-invoices = Factures à payer
home-invoices-none = Aucune facture n’attend de paiement.
home-overdue = En retard depuis le
home-due = Échéance le
home-pay = Payer
home-all-invoices = Toutes les factures ouvertes
home-prepaid = Solde du compte prépayé
home-top-up = Recharger
home-orders = Commandes en attente de paiement
home-order-label = Commande { $id }
home-invitations = Invitations en attente de réponse
home-invitation-until = valable jusqu’au
home-families = Vos produits
home-families-none = Pas encore de produits.
home-order = Commander des produits
home-no-organization = Vous n’êtes membre d’aucune organisation. Un administrateur peut vous inviter à nouveau ; votre compte et votre profil restent les vôtres.
