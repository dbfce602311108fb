# The console's home page and menu (issue 18).
nav-group-products = Productos y pedidos
nav-group-billing = Facturación
nav-group-organization = Organización
nav-group-account = Cuenta
nav-menu = Menú
nav-main = Menú principal
nav-start = Inicio
home-title = Inicio
home-auto-renew-on = La renovación automática está ahora activada para { $name }.
home-expiring = Vencimientos de los próximos dos meses
home-expiring-none = Nada vence en los próximos dos meses.
home-actions = Acciones
home-auto-renew-is-on = Activada
home-auto-renew-switch-on = Activar
home-renew = Renovar
home-more = { $count ->
    [one] Otro producto vence en este periodo.
   *[other] Otros { $count } productos vencen en este periodo.
}
home-all-products = Todos los productos
home-invoices = Facturas por pagar
home-invoices-none = Ninguna factura espera pago.
home-overdue = Vencida desde el
home-due = Vence el
home-pay = Pagar
home-all-invoices = Todas las facturas abiertas
home-prepaid = Saldo de la cuenta prepago
home-top-up = Recargar
home-orders = Pedidos pendientes de pago
home-order-label = Pedido { $id }
home-invitations = Invitaciones pendientes de respuesta
home-invitation-until = válida hasta el
home-families = Sus productos
home-families-none = Todavía no hay productos.
home-order = Pedir productos
home-no-organization = No es miembro de ninguna organización. Un administrador puede volver a invitarle; su cuenta y su perfil siguen siendo suyos.
