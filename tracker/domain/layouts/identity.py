"""Identity layouts: directories that say which account in another system belongs to whom.

Microsoft Entra ID's "Download users" file (Users > All users > Download users in the Entra
admin centre) lists every user's UPN with their mail and display name; people are matched by
mail (case-insensitively), and the UPN becomes their account in the "upn" system, which the
Microsoft 365 Copilot usage report names people by.
"""

from __future__ import annotations

from tracker.domain.layouts.base import Layout

ENTRA_USERS = Layout(
    key="entra_users",
    title="Microsoft Entra ID users (Download users)",
    kind="accounts",
    columns={
        "account": ("userprincipalname", "user_principal_name"),
        "email": ("mail", "email"),
        "employee_id": ("employeeid", "employee_id"),
        "name": ("displayname", "display_name"),
    },
    signature=frozenset({"userprincipalname", "accountenabled"}),
    account_system="upn",
    source="Microsoft Entra ID: Download a list of users (bulk download), its user attributes",
)

LAYOUTS: tuple[Layout, ...] = (ENTRA_USERS,)
