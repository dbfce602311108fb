# The console's home page and menu (issue 18).
nav-group-products = Products and orders
nav-group-billing = Billing
nav-group-organization = Organization
nav-group-account = Account
nav-menu = Menu
nav-main = Main menu
nav-start = Home
home-title = Home
home-auto-renew-on = Automatic renewal is now on for { $name }.
home-expiring = Expiring in the next two months
home-expiring-none = Nothing expires in the next two months.
home-actions = Actions
home-auto-renew-is-on = On
home-auto-renew-switch-on = Switch on
home-renew = Renew
home-more = { $count ->
    [one] One more product expires in this period.
   *[other] { $count } more products expire in this period.
}
home-all-products = All products
home-invoices = Invoices to pay
home-invoices-none = No invoice is waiting for payment.
home-overdue = Overdue since
home-due = Due on
home-pay = Pay
home-all-invoices = All open invoices
home-prepaid = Prepaid balance
home-top-up = Top up
home-orders = Orders waiting for payment
home-order-label = Order { $id }
home-invitations = Invitations waiting for an answer
home-invitation-until = valid until
home-families = Your products
home-families-none = No products yet.
home-order = Order products
home-no-organization = You are not a member of any organization. An administrator can invite you again; your account and profile stay yours.
