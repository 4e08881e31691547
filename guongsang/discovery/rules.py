"""Who may see and handle tips (see core.permissions): the officers, appraisers and heads over
the commune where the deed happened. Accepting one also needs the right to prepare dossiers for
that commune (``nominations.add_nomination``), checked in ``services.may_accept``."""

import rules

from guongsang.core.permissions import Role, has_role

REPORT_HANDLER_ROLES = (Role.OFFICER, Role.APPRAISER, Role.HEAD)

rules.add_perm("discovery.view_gooddeedreport", rules.is_superuser | has_role(*REPORT_HANDLER_ROLES))
rules.add_perm("discovery.handle_gooddeedreport", rules.is_superuser | has_role(*REPORT_HANDLER_ROLES))

rules.add_perm("discovery", rules.is_superuser | has_role(*REPORT_HANDLER_ROLES))
