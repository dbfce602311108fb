# The confirmation step of what cannot be undone (issue 18).
undo-title = Please confirm
undo-keep = No, keep it
confirm-end-product = { $name } ({ $type }) will be ended now.
confirm-remove-members = { $count ->
    [one] This member will be removed from the organization: { $names }.
   *[other] These { $count } members will be removed from the organization: { $names }.
}
confirm-remove-members-after = They lose access to its products at once; only a new invitation brings them back.
confirm-remove = Remove
confirm-leave = You will leave { $name }.
confirm-leave-after = You lose access to its products and invoices at once; only a new invitation brings you back.
confirm-leave-button = Leave the organization
confirm-revoke-token = The API token “{ $name }” will stop working now.
confirm-revoke-token-after = Every program using it is refused from then on; this cannot be undone.
confirm-revoke = Revoke the token
confirm-forget-card = The saved card { $card } will be forgotten.
confirm-forget-card-after = Automatic renewals can no longer be charged to it; to use it again, enter it again.
confirm-forget = Forget the card
confirm-delete-address = The billing address { $address } will be deleted.
confirm-delete-address-after = Invoices already issued keep it; new orders can no longer choose it.
confirm-delete = Delete the address
