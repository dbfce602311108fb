## Extractos bancarios (REC)

error-invalid_statement = El archivo no es un extracto camt.053 o camt.054, o está mal formado. No se importó nada.
mail-transfer-to-prepaid-subject = Su transferencia está en su cuenta prepago
mail-transfer-to-prepaid-body = Hemos recibido su transferencia de { $amount } con la referencia { $reference }. { $reason } Por eso el importe entero está en la cuenta prepago de su organización. El saldo paga sus próximos pedidos, facturas y renovaciones: elija «cuenta prepago» al pagar; las renovaciones automáticas la usan primero. Para una orden permanente, transfiera a la referencia de recarga de su cuenta prepago en lugar de la de una factura.
transfer-reason-amount = Esa referencia pide { $asked }, otro importe.
transfer-reason-currency = Esa referencia pide { $asked }, en otra moneda.
transfer-reason-paid = Esa referencia pertenece a una factura o un pedido ya pagado (una orden permanente conserva la referencia de una factura antigua, que no puede pagar las nuevas).
transfer-reason-cancelled = Esa referencia pertenece a una factura anulada por una nota de crédito.
transfer-reason-unknown = Esa referencia no es nuestra.
transfer-reason-assigned = Nuestro personal la asignó a su organización.
error-transaction_decided = Esta transacción bancaria ya fue asignada o marcada para reembolso.
problem-invalid_iban = introduzca un IBAN válido
problem-currency_mismatch = la cuenta de la organización está en otra moneda
