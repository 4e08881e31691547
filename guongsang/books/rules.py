"""Who may compile the book: the editors of the organising unit (and the units above it)."""

import rules

from guongsang.core.permissions import Role, has_role

can_view = rules.is_superuser | has_role()
can_edit = rules.is_superuser | has_role(Role.EDITOR)

rules.add_perm("books.view_bookedition", can_view)
rules.add_perm("books.add_bookedition", can_edit)
rules.add_perm("books.change_bookedition", can_edit)
rules.add_perm("books", can_view)
