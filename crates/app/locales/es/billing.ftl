# Kontor messages — es. Billing: catalogue, orders, payments, invoices, PDFs, renewals, reminders, prepaid account.

mail-invoice-issued-subject = Factura { $number } emitida
mail-invoice-issued-body = Gracias por su pago. La factura { $number } de { $total } se ha emitido y pagado. Puede verla y descargarla aquí: { $link }
mail-invoice-due-subject = Factura { $number }: { $total } vence el { $due }
mail-invoice-due-body = Su garantía de renovación ha renovado sus productos: el servicio continúa. La factura { $number } de { $total } vence el { $due }.
    Páguela en la consola: { $link }
    ¿Por transferencia bancaria? Indique la referencia { $reference } y el importe exacto de { $total }.
mail-renewal-failed-subject = La renovación automática ha fallado
mail-renewal-failed-body = No hemos podido renovar automáticamente estos productos ({ $total }):
    { $products }
    Motivo: { $reason ->
        [card_declined] la tarjeta fue rechazada.
        [insufficient_funds] la tarjeta no tiene fondos suficientes.
        [expired_card] la tarjeta ha caducado.
        [no_payment_means] no hay ningún medio de pago guardado y la cuenta prepago no cubre el importe.
        [plan_not_offered] el plan ya no se ofrece para este periodo; elija otro.
       *[other] el pago ha fallado ({ $reason }).
    }
    Próximo intento: { $next }. Para evitar una interrupción, renuévelos ahora o actualice su medio de pago: { $link }
mail-expiry-notice-subject = Productos que vencen el { $date }
mail-expiry-notice-body = Estos productos vencen el { $date }:
    { $products }
    Renuévelos o compruebe su renovación automática en la consola: { $link }
mail-products-suspended-subject = Productos suspendidos: vencidos sin pagar
mail-products-suspended-body = Estos productos llegaron a su vencimiento sin pagar y están suspendidos:
    { $products }
    Renuévelos antes del { $until } para reactivarlos desde su antiguo vencimiento; después de esa fecha se dan de baja definitivamente: { $link }
mail-products-terminated-subject = Productos dados de baja
mail-products-terminated-body = El periodo de gracia ha terminado y estos productos se han dado de baja:
    { $products }
mail-invoice-reminder-subject = Recordatorio { $level }: la factura { $number } está vencida
mail-invoice-reminder-body = La factura { $number } de { $total } vencía el { $due } y sigue sin pagar.
    Importe: { $total }
    Referencia: { $reference }
    Una transferencia debe llevar esta referencia y exactamente este importe; si no, no puede asignarse a la factura.
    Si pagó por transferencia en los últimos días, su pago y este recordatorio se han cruzado: la transferencia se asignará a la factura y no tiene que hacer nada más.
    ¿Es auténtico este recordatorio? Inicie sesión usted mismo en la consola (no siga enlaces de los que dude): cada recordatorio figura en la página de la factura, { $link }. Nunca pedimos números de tarjeta ni contraseñas por correo.
mail-dunning-suspended-subject = Factura { $number } sin pagar: productos suspendidos
mail-dunning-suspended-body = La factura { $number } de { $total } sigue sin pagar, por lo que los productos que factura están suspendidos:
    { $products }
    Pague { $total } con la referencia { $reference } antes del { $until } y se reactivarán al instante; después de esa fecha se darán de baja: { $link }
mail-dunning-terminated-subject = Factura { $number } sin pagar: productos dados de baja
mail-dunning-terminated-body = La factura { $number } de { $total } (referencia { $reference }) quedó sin pagar, por lo que los productos que factura se han dado de baja:
    { $products }
    El importe aún pendiente queda anulado por la nota de crédito { $credit_note }; la factura ya no se puede pagar.
renewal-no-next-attempt = ninguno — el producto llega a su vencimiento
notice-reset-sent = Si alguna cuenta usa esta dirección, va en camino un enlace de restablecimiento. Es válido una hora.
notice-signed-out = Ha cerrado la sesión.
notice-invited = Invitación enviada a
notice-removed = Miembros quitados
notice-left = Ha abandonado la organización.
catalog-title = Pedir productos
orders-title = Pedidos
order-title = Pedido
confirm-title = Confirmar el pago
invoices-title = Facturas
invoice-title = Factura
prepaid-title = Cuenta prepago
catalog-order = Nuevo pedido
catalog-months = meses
catalog-names = Nombres
catalog-names-help = uno por línea: un nombre de dominio, un nombre de sitio, una etiqueta; cada línea es un producto
catalog-place-order = Hacer el pedido
catalog-preview = Ver el precio
catalog-price = Precio
catalog-prices = Precios por periodo
catalog-per-seat = por puesto
catalog-suite-only = solo suite colaborativa
catalog-tiers = Precios degresivos para alojamiento web y de correo
catalog-tiers-explain = Cuantos más alojamientos web (o servicios de correo) tiene la organización, menos cuesta cada uno. Se aplica el tramo del número que tendrá una vez activo el pedido, y cada artículo del pedido lo recibe.
catalog-from = desde
price-list = Precio de lista
price-degressive = Degresivo
price-amount = Importe
price-subtotal = Subtotal sin IVA
price-vat = IVA
price-reverse-charge = Exportación / inversión del sujeto pasivo, sin IVA
price-total = Total
price-excl-vat = sin IVA
orders-none = Todavía no hay pedidos.
order-paid-on = pagado el
order-upgrade-prorated = prorrateado por los días restantes:
order-cancel = Cancelar este pedido
order-cancel-explain = Los productos nuevos del pedido se retiran y sus nombres quedan libres.
pay-title = Pagar
pay-means = Medio de pago
pay-prepaid = Cuenta prepago
pay-prepaid-short = el saldo no alcanza para todo el pedido
pay-new-card = Una tarjeta nueva
pay-prepaid-part = Parte de la cuenta prepago
pay-prepaid-part-help = el resto se carga a la tarjeta
pay-save-card = Guardar la tarjeta para próximos pagos
pay-auto-renew = Renovar estos productos automáticamente con esta tarjeta
pay-button = Pagar
payments-title = Pagos
confirm-card = Cargado a
confirm-prepaid = De la cuenta prepago
confirm-button = Pagar ahora
checkout-title = Pagos sandbox
checkout-test-mode = Modo de prueba: no se carga ninguna tarjeta real
checkout-number = Número de tarjeta
checkout-expiry = Caducidad (mes / año)
checkout-pay = Pagar
checkout-test-cards = Números de tarjeta de prueba
checkout-card-ok = el pago se realiza
checkout-invalid = Este enlace de pago está incompleto o no es válido.
card-card_declined = La tarjeta fue rechazada.
card-insufficient_funds = La tarjeta no tiene fondos suficientes.
card-expired_card = La tarjeta ha caducado.
invoices-none = Todavía no hay facturas.
invoice-number = Número
invoice-issued = Emitida
invoice-due = Vence
invoice-bill-to = Facturar a
invoice-description = Descripción
invoice-quantity = Cant.
invoice-unit = Precio unitario
invoice-account = Cuenta
prepaid-balance = Saldo
prepaid-explain = Pague los pedidos con este saldo, total o parcialmente. Nunca queda en negativo.
prepaid-top-up = Recargar
prepaid-ledger = Movimientos
prepaid-entry = Asiento
prepaid-no-entries = Todavía no hay movimientos.
ledger-top_up = recarga
ledger-payment = pago
ledger-cashback = cashback de socio
ledger-commission = comisión de afiliado
cards-title = Tarjetas guardadas
cards-forget = Olvidar
notice-order-paid = Pagado. Los productos están activos y la factura está emitida.
notice-payment-cancelled = El pago se canceló; no se cargó nada.
notice-topped-up = La cuenta prepago se recargó.
notice-card-forgotten = La tarjeta se olvidó.
notice-seats-saved = Los puestos están guardados.
notice-database-added = Añadido, con su nombre completo.
pdf-invoice = Factura
pdf-proforma = Factura proforma
pdf-number = Número de factura
pdf-issued = Fecha
pdf-due = Vencimiento
pdf-reference = Referencia de pago
pdf-order = Pedido
pdf-customer-vat = Su número de IVA
pdf-provider-vat = N.º IVA
pdf-description = Descripción
pdf-quantity = Cant.
pdf-unit-price = Precio unitario
pdf-amount = Importe { $currency }
pdf-subtotal = Subtotal sin IVA
pdf-vat = IVA { $rate } %
pdf-total = Total
pdf-page = Página
pdf-prices-excl-vat = Todos los precios se indican sin IVA.
pdf-reverse-charge = Exportación de servicios / inversión del sujeto pasivo: el IVA lo declara el destinatario.
pdf-paid-on = Pagada el { $date }. Gracias.
pdf-pay-chf = Pague con la sección de pago de abajo y su referencia QR para que su pago se reconozca enseguida. Las comisiones bancarias corren a cargo del pagador.
pdf-pay-eur = Transfiera { $amount } a { $name }, IBAN { $iban }, con la referencia { $reference }. Las comisiones bancarias corren a cargo del pagador.
slip-receipt = Receipt
slip-payment-part = Payment part
slip-account = Account / Payable to
slip-reference = Reference
slip-additional-information = Additional information
slip-payable-by = Payable by
slip-payable-by-blank = Payable by (name/address)
slip-currency = Currency
slip-amount = Amount
slip-acceptance-point = Acceptance point
slip-separate = Separate before paying in
sandbox-pay-decided = Este pago ya se decidió.
sandbox-pay-approve = Aprobar el pago
sandbox-pay-decline = Rechazar
sandbox-pay-paypal = Inicie sesión en PayPal y apruebe el pago al comercio.
sandbox-pay-twint = Escanee el código con la app TWINT y confirme. Su perfil TWINT se guarda para pagos posteriores y renovaciones automáticas.
sandbox-pay-postfinance = Confirme el pago con su PostFinance Card.
card-declined_by_payer = el pago se rechazó en la página del proveedor
pay-twint-help = (su perfil se guarda para las renovaciones automáticas)
pay-postfinance-chf-only = solo en CHF
pay-bank-transfer = Transferencia bancaria
pay-bank-transfer-help = (pague con la factura proforma; el pedido se completa al recibir el dinero; las comisiones bancarias corren de su cuenta)
pay-bank-transfer-invoice-help = (pague en la cuenta con la referencia de la factura; queda pagada al recibir el dinero; las comisiones bancarias corren de su cuenta)
notice-payment-transfer = Transferencia elegida: descargue la factura proforma y páguela con su referencia. El pedido se completa al recibir el dinero.
notice-payment-pending = El pago aún no está confirmado.
notice-payment-declined = El pago fue rechazado; no se cobró nada.
proforma-download = Proforma (PDF)
dunning-step-1 = Recordatorio 1
dunning-step-2 = Recordatorio 2
dunning-step-3 = Productos suspendidos
dunning-step-4 = Productos rescindidos
invoice-pdf = Descargar PDF
invoice-reminders = Recordatorios
renew-selected = Renovar y pagar la selección
renew-proforma = Proforma de la selección (PDF)
renew-explain = Cada producto se renueva desde su propia fecha de vencimiento.
invoices-export = Exportar CSV
invoices-export-from = Emitidas desde
invoices-export-until = hasta
billing-title = Facturación
billing-addresses = Direcciones de facturación
billing-addresses-help = Las facturas se emiten a la dirección predeterminada, salvo que elija otra al pedir o renovar.
billing-addresses-none = Aún no hay dirección de facturación: las facturas van a la dirección de la organización.
billing-address = Dirección
billing-default = predeterminada
billing-make-default = Hacer predeterminada
billing-address-add = Añadir dirección
billing-messages = Mensajes de facturación
billing-expiry-notices = Avisos de vencimiento antes de que venzan los productos
billing-invoice-mails = Correos de factura
billing-recipients = Enviados a los contactos de facturación:
billing-means = Medios de pago guardados
billing-means-help = Tarjetas y perfiles TWINT guardados para pagos y renovaciones automáticas.
billing-means-none = No hay medios de pago guardados.
billing-saved = Guardado.
mail-charge-refunded-subject = Reembolso de { $amount }
mail-charge-refunded-body = El { $date }, { $means } cargó { $amount } por un pago que ya no era necesario: el pedido ya se había pagado de otra forma o el pago se había cancelado. Se le ha reembolsado el importe completo; puede tardar unos días en aparecer.
line-new = { $plan } — { $name }, { $months ->
    [one] { $months } mes
   *[other] { $months } meses
}
line-suite = { $plan } — { $name } ({ $seats } puestos, almacenamiento { $storage }), { $months ->
    [one] { $months } mes
   *[other] { $months } meses
}
line-renewal = { $plan } — { $name }, renovación de { $months ->
    [one] { $months } mes
   *[other] { $months } meses
} hasta el { $until }
line-upgrade = Mejora de { $name } a { $plan }, { $seats } puestos, almacenamiento { $storage }: { $days } de { $period } días
line-volume = (precio de lista { $list }, −{ $percent } % de descuento por volumen)
pdf-credit-note = Nota de crédito
pdf-credits = Nota de crédito de la factura
pdf-credit-note-note = Esta nota de crédito anula lo que quedaba pendiente de la factura { $number }. No hay nada que pagar.
pdf-credited-by = Anulada por la nota de crédito { $number }. No hay nada que pagar.
line-credit = Abono de la factura { $number }: { $line }
pdf-credit-note-number = Número de nota de crédito
field-billing_address = Dirección de facturación
catalog-default-address = La dirección de facturación predeterminada
catalog-warranty-help = renovado al vencer y facturado en una factura abierta si no se pagó (no para NAS)
prepaid-top-up-transfer-help = (transfiera con la referencia que se muestra después; se abona el importe recibido; las comisiones bancarias corren de su cuenta)
prepaid-awaited = Recargas a la espera de su transferencia
prepaid-awaited-help = Transfiera a la cuenta de abajo con la referencia: el saldo aumenta en el importe recibido.
prepaid-pay-to = Cuenta
notice-top-up-awaited = Recarga por transferencia abierta: transfiera el importe con su referencia, indicada abajo.
pay-selected = Pagar los pedidos pendientes de la selección
pay-selected-explain = Los productos aún no pagados se pagan con sus pedidos, en un solo pago.
selection-in-order = en el pedido
selection-order = Pedido { $id }
selection-order-next = listo para pagar los productos aceptados
selection-go-on = Continuar al pedido
catalog-cart = Carrito
catalog-cart-empty = El carrito está vacío: añada productos de cualquier tipo y duración y luego pídalos juntos.
catalog-add-line = Añadir al carrito
catalog-add-to-cart = Añadir al carrito
catalog-remove = Quitar
catalog-order-row = Pedir
catalog-period = { $n ->
    [one] 1 mes
   *[other] { $n } meses
}
means-card = Tarjeta
means-prepaid = Cuenta prepago
means-twint = TWINT
means-postfinance = PostFinance
means-paypal = PayPal
means-transfer = Transferencia bancaria
scope-profile = perfil
scope-organizations = organizaciones
scope-products = productos
scope-billing = facturación
scope-partners = socios
scope-read-only = { $area } (solo lectura)
