## Relevés bancaires (REC)

error-invalid_statement = Le fichier n'est pas un relevé camt.053 ou camt.054, ou il est mal formé. Rien n'a été importé.
mail-transfer-to-prepaid-subject = Votre virement est sur votre compte prépayé
mail-transfer-to-prepaid-body = Nous avons reçu votre virement de { $amount } avec la référence { $reference }. { $reason } Le montant entier est donc sur le compte prépayé de votre organisation. Le solde paie vos prochaines commandes, factures et renouvellements : choisissez « compte prépayé » au paiement ; les renouvellements automatiques l'utilisent en premier. Pour un ordre permanent, virez sur la référence de recharge de votre compte prépayé plutôt que sur celle d'une facture.
transfer-reason-amount = Cette référence demande { $asked }, un autre montant.
transfer-reason-currency = Cette référence demande { $asked }, dans une autre monnaie.
transfer-reason-paid = Cette référence appartient à une facture ou une commande déjà payée (un ordre permanent garde la référence d'une ancienne facture, qui ne peut pas payer les nouvelles).
transfer-reason-cancelled = Cette référence appartient à une facture annulée par une note de crédit.
transfer-reason-unknown = Cette référence n'est pas l'une des nôtres.
transfer-reason-assigned = Notre personnel l'a attribué à votre organisation.
error-transaction_decided = Cette transaction bancaire a déjà été attribuée ou marquée pour remboursement.
problem-invalid_iban = saisissez un IBAN valide
problem-currency_mismatch = le compte de l'organisation est dans une autre monnaie
