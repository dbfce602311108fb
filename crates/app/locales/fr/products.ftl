# Kontor messages — fr. Products: lists, product page, suites, mailboxes, sites.

products-title = Produits
product-title = Produit
site-title = Réglages du site
type-domain = Domaine
type-web_hosting = Hébergement web
type-mail_service = Service e-mail
type-workspace_suite = Suite collaborative
type-drive = Drive
type-chat = Chat
type-cloud_server = Serveur cloud
type-nas = NAS
type-backup = Sauvegarde
type-premium_support = Support premium
products-window = Échéance
products-window-2m = 2 prochains mois et nouveaux
products-window-all = Toutes
products-any = tous
products-matching = produits correspondent
products-none = Aucun produit ne correspond à ces filtres.
products-next = Page suivante
products-select = Choisir
products-select-all = Tout choisir
bulk-action = Avec les produits choisis
bulk-apply = Appliquer
bulk-done = fait
bulk-none-manageable = Vous ne pouvez modifier aucun de ces produits.
bulk-enable_auto_renew = activer le renouvellement automatique
bulk-disable_auto_renew = désactiver le renouvellement automatique
bulk-enable_renewal_warranty = activer la garantie de renouvellement
bulk-disable_renewal_warranty = désactiver la garantie de renouvellement
product-activated = Actif depuis
product-expires = Échéance
product-auto-renew = Renouvellement automatique
product-warranty = Garantie de renouvellement
product-settings = Réglages
product-part-of = Fait partie de
product-move = Déplacer vers une autre organisation
product-move-to = Organisation
product-move-none = Vous n'êtes représentant légal ni administrateur d'aucune autre organisation.
product-cancel = Mettre fin à ce produit
product-cancel-explain = Le produit est résilié immédiatement ; c'est irréversible.
suite-upgrade = Évolution
suite-upgrade-explain = Plus de places, plus de stockage ou une formule supérieure ; vous payez la différence pour les jours restants de la période. Une suite n'est jamais rétrogradée.
suite-upgrade-order = Commander l'évolution
suite-seats = Places
suite-seat-holders = Membres titulaires d'une place
suite-contains = Contient
mailboxes-title = Boîtes e-mail
mailboxes-none = Aucune boîte pour l'instant.
mailboxes-address = Adresse
mailboxes-add = Ajouter la boîte
sites-title = Sites
sites-none = Aucun site pour l'instant.
sites-name = Nom d'hôte
sites-imported = Importé de l'ancienne plateforme (préfixe MySQL actif)
sites-add = Ajouter le site
site-server-prefix = Préfixe du serveur
site-mysql-prefix = Préfixe MySQL
site-mysql-prefix-help = Avec le préfixe actif, les scripts peuvent utiliser des noms courts (mydb) que la plateforme traduit en noms complets (prefixe_mydb). En le désactivant, vous obtenez la liste des noms à écrire désormais en entier.
site-prefix-on = Actif : les noms courts sont traduits
site-prefix-off = Inactif : les noms s'écrivent en entier
site-renames-explain = Le préfixe MySQL est désactivé. Écrivez désormais ces noms en entier dans vos applications :
site-kind = Genre
site-before = Avant
site-after = Après
site-databases = Bases de données et utilisateurs
site-no-databases = Aucune base pour l'instant.
site-add-database = Ajouter
site-env = Variables d'environnement
site-env-help = Un NOM=valeur par ligne ; noms en majuscules, chiffres et _, 64 caractères au plus ; valeurs de 4 096 octets au plus ; 100 variables au plus ; PATH, HOME et les autres noms réservés sont refusés.
db-database = base de données
db-user = utilisateur de base
notice-product-saved = Le produit est enregistré.
notice-product-cancelled = Le produit est résilié.
notice-product-moved = Le produit a été déplacé vers l'autre organisation.
notice-mailbox-added = La boîte est ajoutée.
notice-mailbox-deleted = La boîte est supprimée.
notice-site-saved = Le site est enregistré.
products-outside-window = { $count ->
    [one] Un autre produit n’expire pas dans les deux prochains mois.
   *[other] { $count } autres produits n’expirent pas dans les deux prochains mois.
}
products-show-all = Afficher tous les produits
products-plan = Offre
products-price-per = { $price } par { $months ->
    [one] mois
   *[other] { $months } mois
}
products-awaiting-payment = En attente de paiement : voir la commande
product-auto-renew-help = Renouvelle le produit 14 jours avant son échéance avec la carte enregistrée ou le compte prépayé ; chaque tentative manquée est signalée aux contacts de facturation. Ne peut être activé que si le produit échoit dans 14 jours ou plus ; sinon, renouvelez-le d'abord manuellement.
product-warranty-help = Si le produit arrive à échéance sans être payé, il est quand même renouvelé et une facture du renouvellement suit : le service ne s'arrête pas. Sans elle, un produit impayé est suspendu à l'échéance puis résilié après un délai de grâce.
product-renewal-price = Prix du renouvellement
product-order-link = La commande qui l'a acheté
product-suspended-expiry = Suspendu depuis le { $date } : il a expiré le { $expiry } sans être renouvelé. Le renouveler le rétablit aussitôt.
product-suspended-dunning = Suspendu depuis le { $date } : la facture { $number } est impayée. La payer rétablit le produit aussitôt.
product-suspended-dunning-other = Suspendu depuis le { $date } : une facture qui le concerne est impayée. Un membre ayant le droit de facturation peut la payer ; le produit est alors rétabli aussitôt.
product-pending = En attente de paiement : le produit démarre dès que sa commande est payée.
product-pay-order = Payer la commande
product-pay-invoice = Payer la facture { $number }
product-renew = Renouveler
product-renew-explain = { $months ->
    [one] Le renouvellement ajoute un mois : le produit court alors jusqu'au { $until }.
   *[other] Le renouvellement ajoute { $months } mois : le produit court alors jusqu'au { $until }.
}
product-renew-pay = Renouveler et payer
product-renew-proforma = Pro forma pour payer par virement
notice-bulk = Fait pour { $n ->
    [one] un produit
   *[other] { $n } produits
} : { $action }.
