# Kontor messages — es. Authorization: the reasons a decision gives (AUTHZ-4).

reason-system = las tareas del sistema actúan para la plataforma
reason-signin = inicie sesión primero
reason-missing-scope = a este token le falta el alcance; cree un token que lo tenga
reason-own-account = cada usuario gestiona su propia cuenta
reason-not-member = no es miembro de esta organización
reason-member = cada miembro ve su organización
reason-manager = los representantes legales y administradores gestionan la organización
reason-needs-manager = El rol usuario no puede cambiar esto; un administrador o un representante legal sí.
reason-legal-representative = los representantes legales cambian los datos legales
reason-needs-legal-representative = Solo un representante legal cambia los datos legales de la organización.
reason-service = los tokens de servicio con access:check consultan accesos
reason-service-only-checks = un token de servicio solo consulta accesos
reason-service-only = solo los tokens de servicio consultan accesos
reason-billing = los miembros con derecho de facturación ven facturas y pagan
reason-needs-billing = Hace falta el derecho de facturación; un representante legal o un administrador puede concederlo.
reason-manager-products = los representantes legales y administradores acceden a todos los productos
reason-granted = este producto se le ha asignado individualmente
reason-granted-workgroup = este producto está asignado a uno de sus grupos de trabajo
reason-needs-grant = El rol usuario solo accede a los productos asignados a él o a sus grupos; un administrador puede asignar este.
reason-partner = Un partner gestiona los productos de este cliente.
reason-partner-product = Un partner gestiona este producto para el cliente.
reason-partner-limited = El acceso limitado de un partner cubre solo los productos elegidos; el cliente puede dar acceso completo.
reason-partner-not-member = Un partner gestiona productos, no la organización del cliente; eso lo hacen sus representantes legales.
