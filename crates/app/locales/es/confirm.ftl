# The confirmation step of what cannot be undone (issue 18).
undo-title = Confirme, por favor
undo-keep = No, conservar
confirm-end-product = { $name } ({ $type }) se dará de baja ahora.
confirm-remove-members = { $count ->
    [one] Este miembro se retirará de la organización: { $names }.
   *[other] Estos { $count } miembros se retirarán de la organización: { $names }.
}
confirm-remove-members-after = Pierden en el acto el acceso a sus productos; solo una nueva invitación los trae de vuelta.
confirm-remove = Retirar
confirm-leave = Va a abandonar { $name }.
confirm-leave-after = Pierde en el acto el acceso a sus productos y facturas; solo una nueva invitación le trae de vuelta.
confirm-leave-button = Abandonar la organización
confirm-revoke-token = El token de API «{ $name }» deja de funcionar ahora.
confirm-revoke-token-after = Todo programa que lo use queda rechazado desde entonces; no se puede deshacer.
confirm-revoke = Revocar el token
confirm-forget-card = La tarjeta guardada { $card } se olvidará.
confirm-forget-card-after = Ya no se le pueden cargar renovaciones automáticas; para volver a usarla, introdúzcala de nuevo.
confirm-forget = Olvidar la tarjeta
confirm-delete-address = La dirección de facturación { $address } se eliminará.
confirm-delete-address-after = Las facturas ya emitidas la conservan; los pedidos nuevos ya no pueden elegirla.
confirm-delete = Eliminar la dirección
