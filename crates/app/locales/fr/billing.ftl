# Kontor messages — fr. Billing: catalogue, orders, payments, invoices, PDFs, renewals, reminders, prepaid account.

mail-invoice-issued-subject = Facture { $number } émise
mail-invoice-issued-body = Merci pour votre paiement. La facture { $number } de { $total } a été émise et payée. Vous pouvez la consulter et la télécharger ici : { $link }
mail-invoice-due-subject = Facture { $number } : { $total } à payer d'ici le { $due }
mail-invoice-due-body = Votre garantie de renouvellement a renouvelé vos produits : leur service continue. La facture { $number } de { $total } est payable d'ici le { $due }.
    Payez-la dans la console : { $link }
    Par virement bancaire ? Indiquez la référence { $reference } et le montant exact de { $total }.
mail-renewal-failed-subject = Le renouvellement automatique a échoué
mail-renewal-failed-body = Nous n'avons pas pu renouveler automatiquement ces produits ({ $total }) :
    { $products }
    Raison : { $reason ->
        [card_declined] la carte a été refusée.
        [insufficient_funds] la carte n'a pas de fonds suffisants.
        [expired_card] la carte a expiré.
        [no_payment_means] aucun moyen de paiement n'est enregistré et le compte prépayé ne couvre pas le montant.
        [plan_not_offered] l'offre n'est plus proposée pour cette période ; choisissez-en une autre.
       *[other] le paiement a échoué ({ $reason }).
    }
    Prochaine tentative : { $next }. Pour éviter une interruption, renouvelez-les maintenant ou mettez à jour votre moyen de paiement : { $link }
mail-expiry-notice-subject = Des produits expirent le { $date }
mail-expiry-notice-body = Ces produits expirent le { $date } :
    { $products }
    Renouvelez-les ou vérifiez leur renouvellement automatique dans la console : { $link }
mail-products-suspended-subject = Produits suspendus : arrivés à échéance sans paiement
mail-products-suspended-body = Ces produits ont atteint leur date d'échéance sans paiement et sont suspendus :
    { $products }
    Renouvelez-les avant le { $until } pour les réactiver depuis leur ancienne échéance ; après cette date, ils sont résiliés définitivement : { $link }
mail-products-terminated-subject = Produits résiliés
mail-products-terminated-body = Le délai de grâce est écoulé et ces produits sont résiliés :
    { $products }
mail-invoice-reminder-subject = Rappel { $level } : la facture { $number } est échue
mail-invoice-reminder-body = La facture { $number } de { $total } était payable le { $due } et reste impayée.
    Montant : { $total }
    Référence : { $reference }
    Un virement doit porter cette référence et exactement ce montant, sinon il ne peut pas être rapproché de la facture.
    Si vous avez payé par virement ces derniers jours, votre paiement et ce rappel se sont croisés : le virement sera rapproché de la facture et vous n'avez rien d'autre à faire.
    Ce rappel est-il authentique ? Connectez-vous vous-même à la console (ne suivez pas un lien dont vous doutez) : chaque rappel figure sur la page de la facture, { $link }. Nous ne demandons jamais de numéro de carte ni de mot de passe par e-mail.
mail-dunning-suspended-subject = Facture { $number } impayée : produits suspendus
mail-dunning-suspended-body = La facture { $number } de { $total } reste impayée ; les produits qu'elle facture sont donc suspendus :
    { $products }
    Payez { $total } avec la référence { $reference } avant le { $until } et ils sont réactivés immédiatement ; après cette date, ils sont résiliés : { $link }
mail-dunning-terminated-subject = Facture { $number } impayée : produits résiliés
mail-dunning-terminated-body = La facture { $number } de { $total } (référence { $reference }) est restée impayée ; les produits qu'elle facture sont résiliés :
    { $products }
    Le montant encore dû est annulé par l’avoir { $credit_note } ; la facture ne peut plus être payée.
renewal-no-next-attempt = aucune — le produit arrive à échéance
notice-reset-sent = Si un compte utilise cette adresse, un lien de réinitialisation est en route. Il est valable une heure.
notice-signed-out = Vous êtes déconnecté.
notice-invited = Invitation envoyée à
notice-removed = Membres retirés
notice-left = Vous avez quitté l’organisation.
catalog-title = Commander des produits
orders-title = Commandes
order-title = Commande
confirm-title = Confirmer le paiement
invoices-title = Factures
invoice-title = Facture
prepaid-title = Compte prépayé
catalog-order = Nouvelle commande
catalog-months = mois
catalog-names = Noms
catalog-names-help = un par ligne : un nom de domaine, un nom de site, un libellé ; chaque ligne est un produit
catalog-place-order = Passer la commande
catalog-preview = Afficher le prix
catalog-price = Prix
catalog-prices = Prix par période
catalog-per-seat = par place
catalog-suite-only = suite collaborative uniquement
catalog-tiers = Prix dégressifs pour l'hébergement web et e-mail
catalog-tiers-explain = Plus l'organisation détient d'hébergements web (ou de services e-mail), moins chacun coûte. Le palier est celui du nombre détenu une fois la commande active, et chaque article de la commande en bénéficie.
catalog-from = dès
price-list = Prix catalogue
price-degressive = Dégressif
price-amount = Montant
price-subtotal = Sous-total hors TVA
price-vat = TVA
price-reverse-charge = Exportation / autoliquidation, sans TVA
price-total = Total
price-excl-vat = hors TVA
orders-none = Aucune commande pour l'instant.
order-paid-on = payée le
order-upgrade-prorated = au prorata des jours restants :
order-cancel = Annuler cette commande
order-cancel-explain = Les nouveaux produits de la commande sont retirés et leurs noms redeviennent libres.
pay-title = Payer
pay-means = Moyen de paiement
pay-prepaid = Compte prépayé
pay-prepaid-short = le solde ne suffit pas pour toute la commande
pay-new-card = Une nouvelle carte
pay-prepaid-part = Part du compte prépayé
pay-prepaid-part-help = le reste est débité de la carte
pay-save-card = Conserver la carte pour les prochains paiements
pay-auto-renew = Renouveler ces produits automatiquement avec cette carte
pay-button = Payer
payments-title = Paiements
confirm-card = Débité sur
confirm-prepaid = Depuis le compte prépayé
confirm-button = Payer maintenant
checkout-title = Paiements sandbox
checkout-test-mode = Mode test : aucune vraie carte n'est débitée
checkout-number = Numéro de carte
checkout-expiry = Expiration (mois / année)
checkout-pay = Payer
checkout-test-cards = Numéros de carte de test
checkout-card-ok = le paiement réussit
checkout-invalid = Ce lien de paiement est incomplet ou invalide.
card-card_declined = La carte a été refusée.
card-insufficient_funds = La carte n'a pas une provision suffisante.
card-expired_card = La carte est expirée.
invoices-none = Aucune facture pour l'instant.
invoice-number = Numéro
invoice-issued = Émise le
invoice-due = Échéance
invoice-bill-to = Facturé à
invoice-description = Désignation
invoice-quantity = Qté
invoice-unit = Prix unitaire
invoice-account = Compte
prepaid-balance = Solde
prepaid-explain = Payez vos commandes avec ce solde, en tout ou en partie. Il ne devient jamais négatif.
prepaid-top-up = Recharger
prepaid-ledger = Mouvements
prepaid-entry = Écriture
prepaid-no-entries = Aucun mouvement pour l'instant.
ledger-top_up = recharge
ledger-payment = paiement
ledger-cashback = cashback partenaire
ledger-commission = commission d'affiliation
cards-title = Cartes enregistrées
cards-forget = Oublier
notice-order-paid = Payé. Les produits sont actifs et la facture est émise.
notice-payment-cancelled = Le paiement a été annulé ; rien n'a été débité.
notice-topped-up = Le compte prépayé a été rechargé.
notice-card-forgotten = La carte est oubliée.
notice-seats-saved = Les places sont enregistrées.
notice-database-added = Ajouté, avec son nom complet.
pdf-invoice = Facture
pdf-proforma = Facture pro forma
pdf-number = Numéro de facture
pdf-issued = Date
pdf-due = Échéance
pdf-reference = Référence de paiement
pdf-order = Commande
pdf-customer-vat = Votre numéro de TVA
pdf-provider-vat = N° TVA
pdf-description = Description
pdf-quantity = Qté
pdf-unit-price = Prix unitaire
pdf-amount = Montant { $currency }
pdf-subtotal = Sous-total hors TVA
pdf-vat = TVA { $rate } %
pdf-total = Total
pdf-page = Page
pdf-prices-excl-vat = Tous les prix sont indiqués hors TVA.
pdf-reverse-charge = Exportation de services / autoliquidation : la TVA est due par le destinataire.
pdf-paid-on = Payée le { $date }. Merci.
pdf-pay-chf = Veuillez payer avec la section paiement ci-dessous et sa référence QR, afin que votre paiement soit reconnu aussitôt. Les frais bancaires sont à la charge du payeur.
pdf-pay-eur = Veuillez virer { $amount } à { $name }, IBAN { $iban }, avec la référence { $reference }. Les frais bancaires sont à la charge du payeur.
slip-receipt = Récépissé
slip-payment-part = Section paiement
slip-account = Compte / Payable à
slip-reference = Référence
slip-additional-information = Informations supplémentaires
slip-payable-by = Payable par
slip-payable-by-blank = Payable par (nom/adresse)
slip-currency = Monnaie
slip-amount = Montant
slip-acceptance-point = Point de dépôt
slip-separate = À détacher avant le versement
sandbox-pay-decided = Ce paiement a déjà été décidé.
sandbox-pay-approve = Approuver le paiement
sandbox-pay-decline = Refuser
sandbox-pay-paypal = Connectez-vous à PayPal et approuvez le paiement au marchand.
sandbox-pay-twint = Scannez le code avec l’app TWINT et confirmez. Votre profil TWINT est conservé pour les paiements suivants et les renouvellements automatiques.
sandbox-pay-postfinance = Confirmez le paiement avec votre PostFinance Card.
card-declined_by_payer = le paiement a été refusé sur la page du prestataire
pay-twint-help = (votre profil est conservé pour les renouvellements automatiques)
pay-postfinance-chf-only = uniquement en CHF
pay-bank-transfer = Virement bancaire
pay-bank-transfer-help = (payez avec la facture pro forma ; la commande aboutit à réception des fonds ; frais bancaires à votre charge)
pay-bank-transfer-invoice-help = (payez sur le compte avec la référence de la facture ; elle est marquée payée à réception des fonds ; frais bancaires à votre charge)
notice-payment-transfer = Virement choisi : téléchargez la facture pro forma et payez avec sa référence. La commande aboutit à réception des fonds.
notice-payment-pending = Le paiement n’est pas encore confirmé.
notice-payment-declined = Le paiement a été refusé ; rien n’a été débité.
proforma-download = Pro forma (PDF)
dunning-step-1 = Rappel 1
dunning-step-2 = Rappel 2
dunning-step-3 = Produits suspendus
dunning-step-4 = Produits résiliés
invoice-pdf = Télécharger le PDF
invoice-reminders = Rappels
renew-selected = Renouveler et payer la sélection
renew-proforma = Pro forma de la sélection (PDF)
renew-explain = Chaque produit est renouvelé depuis sa propre date d’échéance.
invoices-export = Exporter en CSV
invoices-export-from = Émises du
invoices-export-until = au
billing-title = Facturation
billing-addresses = Adresses de facturation
billing-addresses-help = Les factures sont établies à l’adresse par défaut, sauf si vous en choisissez une autre à la commande ou au renouvellement.
billing-addresses-none = Pas encore d’adresse de facturation : les factures vont à l’adresse de l’organisation.
billing-address = Adresse
billing-default = par défaut
billing-make-default = Définir par défaut
billing-address-add = Ajouter une adresse
billing-messages = Messages de facturation
billing-expiry-notices = Avis d’échéance avant l’expiration des produits
billing-invoice-mails = E-mails de facture
billing-recipients = Envoyés aux contacts de facturation :
billing-means = Moyens de paiement enregistrés
billing-means-help = Cartes et profils TWINT gardés pour les paiements et les renouvellements automatiques.
billing-means-none = Aucun moyen de paiement enregistré.
billing-saved = Enregistré.
mail-charge-refunded-subject = Remboursement de { $amount }
mail-charge-refunded-body = Le { $date }, { $means } a débité { $amount } pour un paiement qui n’était plus nécessaire : la commande avait déjà été payée autrement, ou le paiement avait été annulé. Le montant entier vous a été remboursé ; il peut falloir quelques jours pour qu’il apparaisse.
line-new = { $plan } — { $name }, { $months ->
    [one] { $months } mois
   *[other] { $months } mois
}
line-suite = { $plan } — { $name } ({ $seats } places, stockage { $storage }), { $months ->
    [one] { $months } mois
   *[other] { $months } mois
}
line-renewal = { $plan } — { $name }, renouvellement de { $months ->
    [one] { $months } mois
   *[other] { $months } mois
} jusqu’au { $until }
line-upgrade = Mise à niveau de { $name } vers { $plan }, { $seats } places, stockage { $storage } : { $days } jours sur { $period }
line-volume = (prix catalogue { $list }, −{ $percent } % de remise sur volume)
pdf-credit-note = Avoir
pdf-credits = Avoir sur la facture
pdf-credit-note-note = Cet avoir annule ce qui restait dû sur la facture { $number }. Rien n’est à payer.
pdf-credited-by = Annulée par l’avoir { $number }. Rien n’est à payer.
line-credit = Avoir sur la facture { $number } : { $line }
pdf-credit-note-number = Numéro d’avoir
field-billing_address = Adresse de facturation
catalog-default-address = L’adresse de facturation par défaut
catalog-warranty-help = renouvelé à l’échéance et facturé sur une facture ouverte s’il est impayé (pas pour les NAS)
prepaid-top-up-transfer-help = (virez avec la référence affichée ensuite ; le montant reçu est crédité ; les frais bancaires sont à votre charge)
prepaid-awaited = Recharges en attente de votre virement
prepaid-awaited-help = Virez sur le compte ci-dessous avec la référence : le solde augmente du montant reçu.
prepaid-pay-to = Compte
notice-top-up-awaited = Recharge par virement ouverte : virez le montant avec sa référence, indiquée ci-dessous.
pay-selected = Payer les commandes en attente de la sélection
pay-selected-explain = Les produits pas encore payés le sont avec leurs commandes, en un seul paiement.
selection-in-order = dans la commande
selection-order = Commande { $id }
selection-order-next = prête à payer pour les produits retenus
selection-go-on = Continuer vers la commande
catalog-cart = Panier
catalog-cart-empty = Le panier est vide : ajoutez des produits de tout type et de toute durée, puis commandez-les ensemble.
catalog-add-line = Ajouter au panier
catalog-add-to-cart = Ajouter au panier
catalog-remove = Retirer
catalog-order-row = Commander
catalog-period = { $n ->
    [one] 1 mois
   *[other] { $n } mois
}
means-card = Carte
means-prepaid = Compte prépayé
means-twint = TWINT
means-postfinance = PostFinance
means-paypal = PayPal
means-transfer = Virement bancaire
scope-profile = profil
scope-organizations = organisations
scope-products = produits
scope-billing = facturation
scope-partners = partenaires
scope-read-only = { $area } (lecture seule)
