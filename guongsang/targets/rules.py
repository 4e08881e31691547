"""Who may read and keep plans, targets and staff counts (see core.permissions)."""

import rules

from guongsang.core.permissions import Role, has_role

can_view = has_role()
# The emulation officers and appraisers of a unit keep its plans; its head and admins too.
can_keep = has_role(Role.OFFICER, Role.APPRAISER, Role.HEAD, Role.UNIT_ADMIN)

for model in ("plan", "target", "staffcount"):
    rules.add_perm(f"targets.view_{model}", can_view)
    rules.add_perm(f"targets.add_{model}", can_keep)
    rules.add_perm(f"targets.change_{model}", can_keep)

rules.add_perm("targets", can_view)
