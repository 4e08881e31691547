"""English UI, Vietnamese conventions: dates stay dd/mm/yyyy as users expect."""

from guongsang.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
