"""Fixtures for tips, shared with the dossiers' tests (an accepted tip becomes a dossier): the
award catalogue, the officer of Phường Ba Đình, and a person already on record there."""

from tests.nominations.conftest import ba_dinh_officer, catalogue, nominee

__all__ = ["ba_dinh_officer", "catalogue", "nominee"]
