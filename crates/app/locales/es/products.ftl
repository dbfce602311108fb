# Kontor messages — es. Products: lists, product page, suites, mailboxes, sites.

products-title = Productos
product-title = Producto
site-title = Ajustes del sitio
type-domain = Dominio
type-web_hosting = Alojamiento web
type-mail_service = Servicio de correo
type-workspace_suite = Suite colaborativa
type-drive = Drive
type-chat = Chat
type-cloud_server = Servidor en la nube
type-nas = NAS
type-backup = Copia de seguridad
type-premium_support = Soporte premium
products-window = Vencimiento
products-window-2m = Próximos 2 meses y nuevos
products-window-all = Todos
products-any = cualquiera
products-matching = productos coinciden
products-none = Ningún producto coincide con estos filtros.
products-next = Página siguiente
products-select = Seleccionar
products-select-all = Seleccionar todos
bulk-action = Con los productos seleccionados
bulk-apply = Aplicar
bulk-done = hecho
bulk-none-manageable = No puede cambiar ninguno de estos productos.
bulk-enable_auto_renew = activar la renovación automática
bulk-disable_auto_renew = desactivar la renovación automática
bulk-enable_renewal_warranty = activar la garantía de renovación
bulk-disable_renewal_warranty = desactivar la garantía de renovación
product-activated = Activo desde
product-expires = Vence
product-auto-renew = Renovación automática
product-warranty = Garantía de renovación
product-settings = Ajustes
product-part-of = Forma parte de
product-move = Mover a otra organización
product-move-to = Organización
product-move-none = No es representante legal ni administrador de ninguna otra organización.
product-cancel = Terminar este producto
product-cancel-explain = El producto se termina de inmediato; no se puede deshacer.
suite-upgrade = Ampliación
suite-upgrade-explain = Más puestos, más almacenamiento o un plan superior; paga la diferencia por los días restantes del periodo. Una suite nunca se reduce.
suite-upgrade-order = Pedir la ampliación
suite-seats = Puestos
suite-seat-holders = Miembros con un puesto
suite-contains = Contiene
mailboxes-title = Buzones
mailboxes-none = Todavía no hay buzones.
mailboxes-address = Dirección
mailboxes-add = Añadir el buzón
sites-title = Sitios
sites-none = Todavía no hay sitios.
sites-name = Nombre de host
sites-imported = Importado de la plataforma anterior (prefijo MySQL activo)
sites-add = Añadir el sitio
site-server-prefix = Prefijo del servidor
site-mysql-prefix = Prefijo MySQL
site-mysql-prefix-help = Con el prefijo activo, los scripts pueden usar nombres cortos (mydb) que la plataforma traduce a nombres completos (prefijo_mydb). Al desactivarlo obtiene la lista de nombres que debe escribir completos a partir de ahora.
site-prefix-on = Activo: los nombres cortos se traducen
site-prefix-off = Inactivo: los nombres se escriben completos
site-renames-explain = El prefijo MySQL está desactivado. Escriba estos nombres completos en sus aplicaciones:
site-kind = Clase
site-before = Antes
site-after = Después
site-databases = Bases de datos y usuarios
site-no-databases = Todavía no hay bases de datos.
site-add-database = Añadir
site-env = Variables de entorno
site-env-help = Un NOMBRE=valor por línea; nombres en mayúsculas, cifras y _, 64 caracteres como máximo; valores de hasta 4096 bytes; 100 variables como máximo; PATH, HOME y otros nombres reservados se rechazan.
db-database = base de datos
db-user = usuario de base de datos
notice-product-saved = El producto está guardado.
notice-product-cancelled = El producto está terminado.
notice-product-moved = El producto se movió a la otra organización.
notice-mailbox-added = El buzón está añadido.
notice-mailbox-deleted = El buzón está eliminado.
notice-site-saved = El sitio está guardado.
products-outside-window = { $count ->
    [one] Otro producto no vence en los próximos dos meses.
   *[other] Otros { $count } productos no vencen en los próximos dos meses.
}
products-show-all = Mostrar todos los productos
products-plan = Plan
products-price-per = { $price } cada { $months ->
    [one] mes
   *[other] { $months } meses
}
products-awaiting-payment = Pendiente de pago: ver el pedido
product-auto-renew-help = Renueva el producto 14 días antes de su vencimiento con la tarjeta guardada o la cuenta prepago; cada intento fallido se comunica a los contactos de facturación. Solo se puede activar si el producto vence dentro de 14 días o más; si no, renuévelo antes manualmente.
product-warranty-help = Si el producto llega a su vencimiento sin pagar, se renueva igualmente y sigue una factura por la renovación: el servicio no se detiene. Sin ella, un producto impagado se suspende al vencer y se da de baja tras un periodo de gracia.
product-renewal-price = Precio de renovación
product-order-link = El pedido con el que se compró
product-suspended-expiry = Suspendido desde el { $date }: venció el { $expiry } sin renovarse. Renovarlo lo reactiva al instante.
product-suspended-dunning = Suspendido desde el { $date }: la factura { $number } está impagada. Pagarla reactiva el producto al instante.
product-suspended-dunning-other = Suspendido desde el { $date }: una factura que lo incluye está impagada. Un miembro con derecho de facturación puede pagarla; el producto se reactiva entonces al instante.
product-pending = Pendiente de pago: el producto empieza en cuanto se pague su pedido.
product-pay-order = Pagar el pedido
product-pay-invoice = Pagar la factura { $number }
product-renew = Renovar
product-renew-explain = { $months ->
    [one] La renovación añade un mes: el producto dura entonces hasta el { $until }.
   *[other] La renovación añade { $months } meses: el producto dura entonces hasta el { $until }.
}
product-renew-pay = Renovar y pagar
product-renew-proforma = Proforma para pagar por transferencia
notice-bulk = Hecho para { $n ->
    [one] un producto
   *[other] { $n } productos
}: { $action }.
