# Kontor messages — fr. Authorization: the reasons a decision gives (AUTHZ-4).

reason-system = les tâches système agissent pour la plateforme
reason-signin = connectez-vous d’abord
reason-missing-scope = ce jeton n’a pas la portée nécessaire ; créez un jeton qui l’a
reason-own-account = chaque utilisateur gère son propre compte
reason-not-member = vous n’êtes pas membre de cette organisation
reason-member = chaque membre voit son organisation
reason-manager = les représentants légaux et les administrateurs gèrent l’organisation
reason-needs-manager = Le rôle utilisateur ne peut pas modifier ceci ; un administrateur ou un représentant légal le peut.
reason-legal-representative = les représentants légaux modifient les données légales
reason-needs-legal-representative = Seul un représentant légal modifie les données légales de l’organisation.
reason-service = les jetons de service avec access:check posent des questions d’accès
reason-service-only-checks = un jeton de service ne fait que vérifier les accès
reason-service-only = seuls les jetons de service vérifient les accès
reason-billing = les membres avec le droit de facturation voient les factures et paient
reason-needs-billing = Ceci demande le droit de facturation ; un représentant légal ou un administrateur peut l’accorder.
reason-manager-products = les représentants légaux et les administrateurs accèdent à tous les produits
reason-granted = ce produit vous est accordé individuellement
reason-granted-workgroup = ce produit est accordé à l’un de vos groupes de travail
reason-needs-grant = Le rôle utilisateur n’accède qu’aux produits qui lui sont accordés ou à ses groupes ; un administrateur peut accorder celui-ci.
reason-partner = Un partenaire gère les produits de ce client.
reason-partner-product = Un partenaire gère ce produit pour le client.
reason-partner-limited = L’accès limité d’un partenaire ne couvre que les produits choisis ; le client peut donner un accès complet.
reason-partner-not-member = Un partenaire gère des produits, pas l’organisation du client ; ce sont ses représentants légaux qui le font.
