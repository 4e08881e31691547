"""Who may do what with units, successions and clusters (see core.permissions)."""

import rules

from guongsang.core.permissions import Role, has_role

can_view = has_role()
can_administer = has_role(Role.UNIT_ADMIN)

rules.add_perm("orgs.view_orgunit", can_view)
rules.add_perm("orgs.export_orgunit", can_view)
rules.add_perm("orgs.add_orgunit", can_administer)
rules.add_perm("orgs.change_orgunit", can_administer)
rules.add_perm("orgs.manage_members_orgunit", can_administer)

rules.add_perm("orgs.view_unitsuccession", can_view)
rules.add_perm("orgs.add_unitsuccession", can_administer)

rules.add_perm("orgs.view_cluster", can_view)
rules.add_perm("orgs.add_cluster", can_administer)
rules.add_perm("orgs.change_cluster", can_administer)
rules.add_perm("orgs.delete_cluster", can_administer)

# Seeing the admin index entry for the app.
rules.add_perm("orgs", can_view)

# Entering a past cycle with its real dates (core.past): the unit's administrators, appraisers and
# head, who answer for its records; an emulation officer cannot backdate.
rules.add_perm(
    "orgs.enter_past_orgunit",
    rules.is_superuser | has_role(Role.UNIT_ADMIN, Role.APPRAISER, Role.HEAD),
)
