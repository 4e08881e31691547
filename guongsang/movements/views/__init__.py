"""Movement pages, by what they show: ``movements`` (the list, launching, editing, the movement's
page and its documents), ``registrations`` (a unit's registration and its approval) and
``criteria`` (criteria sets). Thin: every write goes through ``services``."""
