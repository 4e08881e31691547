"""Who may see and manage memberships and users (see core.permissions)."""

import rules

from guongsang.core.permissions import Role, has_role

can_administer = has_role(Role.UNIT_ADMIN)

rules.add_perm("accounts.view_membership", has_role())
rules.add_perm("accounts.add_membership", can_administer)
rules.add_perm("accounts.change_membership", can_administer)
rules.add_perm("accounts.delete_membership", can_administer)
rules.add_perm("accounts", can_administer)
