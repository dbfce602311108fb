# Kontor messages — en. Products: lists, product page, suites, mailboxes, sites.

products-title = Products
product-title = Product
site-title = Site settings
type-domain = Domain
type-web_hosting = Web hosting
type-mail_service = Mail service
type-workspace_suite = Workspace suite
type-drive = Drive
type-chat = Chat
type-cloud_server = Cloud server
type-nas = NAS
type-backup = Backup
type-premium_support = Premium support
products-window = Expiry
products-window-2m = Next 2 months, and new
products-window-all = All
products-any = any
products-matching = products match
products-none = No product matches these filters.
products-next = Next page
products-select = Select
products-select-all = Select all
bulk-action = With the selected products
bulk-apply = Apply
bulk-done = done
bulk-none-manageable = You may not change any of these products.
bulk-enable_auto_renew = switch automatic renewal on
bulk-disable_auto_renew = switch automatic renewal off
bulk-enable_renewal_warranty = switch renewal warranty on
bulk-disable_renewal_warranty = switch renewal warranty off
product-activated = Active since
product-expires = Expires
product-auto-renew = Automatic renewal
product-warranty = Renewal warranty
product-settings = Settings
product-part-of = Part of
product-move = Move to another organization
product-move-to = Organization
product-move-none = You are legal representative or administrator of no other organization.
product-cancel = End this product
product-cancel-explain = The product is terminated at once; this cannot be undone.
suite-upgrade = Upgrade
suite-upgrade-explain = More seats, more storage or a higher plan; you pay the difference for the days left in the period. A suite is never downgraded.
suite-upgrade-order = Order the upgrade
suite-seats = Seats
suite-seat-holders = Members holding a seat
suite-contains = Contains
mailboxes-title = Mailboxes
mailboxes-none = No mailbox yet.
mailboxes-address = Address
mailboxes-add = Add the mailbox
sites-title = Sites
sites-none = No site yet.
sites-name = Host name
sites-imported = Imported from the legacy platform (MySQL prefix on)
sites-add = Add the site
site-server-prefix = Server prefix
site-mysql-prefix = MySQL prefix
site-mysql-prefix-help = With the prefix on, scripts may use short names (mydb) that the platform maps to full names (prefix_mydb). Turning it off lists the names to write in full from now on.
site-prefix-on = On: short names are mapped
site-prefix-off = Off: names are written in full
site-renames-explain = The MySQL prefix is off. Write these names in full in your applications:
site-kind = Kind
site-before = Before
site-after = After
site-databases = Databases and users
site-no-databases = No database yet.
site-add-database = Add
site-env = Environment variables
site-env-help = One NAME=value per line; names in capitals, digits and _, at most 64 characters; values up to 4,096 bytes; at most 100 variables; PATH, HOME and other reserved names are refused.
db-database = database
db-user = database user
notice-product-saved = The product is saved.
notice-product-cancelled = The product is terminated.
notice-product-moved = The product was moved to the other organization.
notice-mailbox-added = The mailbox is added.
notice-mailbox-deleted = The mailbox is deleted.
notice-site-saved = The site is saved.
products-outside-window = { $count ->
    [one] One more product expires outside the next two months.
   *[other] { $count } more products expire outside the next two months.
}
products-show-all = Show all products
products-plan = Plan
products-price-per = { $price } per { $months ->
    [one] month
   *[other] { $months } months
}
products-awaiting-payment = Awaiting payment: see the order
product-auto-renew-help = Renews the product 14 days before it expires, with the saved card or the prepaid account; every failed attempt is told to the billing contacts. It can be switched on only while the product expires in 14 days or more; renew it manually first otherwise.
product-warranty-help = When the product reaches its expiry unpaid, it is renewed anyway and an invoice for the renewal follows: the service does not stop. Without it, an unpaid product is suspended at expiry and ended after a grace period.
product-renewal-price = Renewal price
product-order-link = The order it was bought with
product-suspended-expiry = Suspended since { $date }: it expired on { $expiry } without being renewed. Renewing it brings it back at once.
product-suspended-dunning = Suspended since { $date }: invoice { $number } is unpaid. Paying it brings the product back at once.
product-suspended-dunning-other = Suspended since { $date }: an invoice that bills it is unpaid. A member with billing rights can pay it; the product then comes back at once.
product-pending = Awaiting payment: the product starts as soon as its order is paid.
product-pay-order = Pay the order
product-pay-invoice = Pay invoice { $number }
product-renew = Renew
product-renew-explain = { $months ->
    [one] Renewing adds one month: the product then runs until { $until }.
   *[other] Renewing adds { $months } months: the product then runs until { $until }.
}
product-renew-pay = Renew and pay
product-renew-proforma = Pro-forma to pay by transfer
notice-bulk = Done for { $n ->
    [one] one product
   *[other] { $n } products
}: { $action }.
