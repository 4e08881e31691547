"""Who may see and act on stories, the press log and the weekly propagation lists.

- Seeing a story in the back office: any role over its unit.
- Writing and submitting a story: the unit's officers, editors and unit administrators.
- Returning, publishing, unpublishing, featuring: editors (Phòng Văn hóa và Thông tin) over the
  unit — an editor of the city edits for every unit of the city.
- Press coverage: any role over the exemplar's unit sees it; officers and editors there record
  and remove articles.
- Weekly lists: editors compile and issue them for their unit; the units below (any officer,
  editor or unit administrator there) record how they propagated.
"""

import rules

from guongsang.core.permissions import Role, has_role

WRITER_ROLES = (Role.OFFICER, Role.EDITOR, Role.UNIT_ADMIN)
EDITOR_ROLES = (Role.EDITOR,)
REPORTER_ROLES = (Role.OFFICER, Role.EDITOR, Role.UNIT_ADMIN, Role.HEAD)

can_view = rules.is_superuser | has_role()
can_write = rules.is_superuser | has_role(*WRITER_ROLES)
can_edit = rules.is_superuser | has_role(*EDITOR_ROLES)

rules.add_perm("stories.view_story", can_view)
rules.add_perm("stories.add_story", can_write)
rules.add_perm("stories.change_story", can_write)
rules.add_perm("stories.submit_story", can_write)
rules.add_perm("stories.publish_story", can_edit)

rules.add_perm("stories.view_presscoverage", can_view)
can_log_press = rules.is_superuser | has_role(Role.OFFICER, Role.EDITOR)
rules.add_perm("stories.add_presscoverage", can_log_press)
rules.add_perm("stories.delete_presscoverage", can_log_press)

rules.add_perm("stories.view_weeklyselection", can_view)
rules.add_perm("stories.add_weeklyselection", can_edit)
rules.add_perm("stories.change_weeklyselection", can_edit)
rules.add_perm("stories.report_weeklyselection", rules.is_superuser | has_role(*REPORTER_ROLES))

rules.add_perm("stories", can_view)
