"""Signals other apps listen to, so they can follow a nominee without reaching into its tables."""

from django.dispatch import Signal

nominee_merged = Signal()
"""Sent inside the merge's transaction when ``drop`` is merged into ``keep``.

Arguments: ``sender=Nominee``, ``keep`` (the nominee kept), ``drop`` (the one merged into it,
now with ``merged_into=keep``), ``actor`` (the user who merged). Receivers move their own rows
(dossiers, recognitions, stories…) from ``drop`` to ``keep``; an exception in a receiver rolls
the whole merge back.
"""
