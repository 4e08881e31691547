"""Who may see and do what with nominees, consents and the sensitive-access log.

- Seeing a nominee: any role over the nominee's unit (officers their own unit; appraisers,
  heads, inspectors, editors and unit administrators the units below theirs).
- Creating, editing, recording consent, merging: the officer of the unit, and the appraisers
  and unit administrators above it.
- Seeing the full CCCD number: only those who need it to vet a dossier: the officer of the
  nominee's own unit, and the appraisers and heads over it. Every such view is logged.
- Seeing the full phone number and e-mail address: those who may edit them (the officer of the
  unit, and the appraisers and unit administrators above it), to call or write to the person.
  Everyone else sees them masked. Every full view is logged, like the CCCD's.
- Reading the sensitive-access log: appraisers, heads and unit administrators over the unit.
"""

import rules

from guongsang.core.permissions import Role, has_role

EDITOR_ROLES = (Role.OFFICER, Role.APPRAISER, Role.UNIT_ADMIN)
REVEAL_ROLES = (Role.OFFICER, Role.APPRAISER, Role.HEAD)
AUDITOR_ROLES = (Role.APPRAISER, Role.HEAD, Role.UNIT_ADMIN)

can_view = has_role()
can_edit = has_role(*EDITOR_ROLES)
can_reveal = has_role(*REVEAL_ROLES)
can_audit = has_role(*AUDITOR_ROLES)

rules.add_perm("nominees.view_nominee", can_view)
rules.add_perm("nominees.export_nominee", can_view)
rules.add_perm("nominees.add_nominee", can_edit)
rules.add_perm("nominees.change_nominee", can_edit)
rules.add_perm("nominees.merge_nominee", can_edit)
rules.add_perm("nominees.reveal_cccd_nominee", can_reveal)
rules.add_perm("nominees.reveal_contact_nominee", can_edit)

# Consents hang on the nominee's unit (Consent.scope_unit_path), so the same predicates apply.
rules.add_perm("nominees.view_consent", can_view)
rules.add_perm("nominees.add_consent", can_edit)
rules.add_perm("nominees.change_consent", can_edit)

rules.add_perm("nominees.view_sensitiveaccess", can_audit)

# Seeing the admin index entry for the app.
rules.add_perm("nominees", can_view)
