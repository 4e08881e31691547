"""XSS in a dossier's own text: the achievements and an appraiser's return reason come back as
text on the dossier's page (what reaches it from a citizen's tip: tests/discovery/test_xss.py)."""

from __future__ import annotations

import pytest

from guongsang.nominations import services
from tests.stories.xss_vectors import VECTORS, assert_inert, packed

pytestmark = pytest.mark.django_db
EVERYTHING = "\n".join(VECTORS)


def test_dossier_achievements_and_return_reason_are_shown_as_text(
    client, org_tree, catalogue, ba_dinh_officer, city_appraiser, nominee
):
    dossier = services.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["nguoi-tot-viec-tot-ha-noi"],
        submitting_unit=org_tree.ba_dinh,
        achievements="Cứu người đuối nước.",
    )
    client.force_login(ba_dinh_officer)
    response = client.post(
        f"{dossier.get_absolute_url()}sua/", {"version": dossier.version, "achievements": EVERYTHING}
    )
    dossier.refresh_from_db()
    assert response.status_code == 302 and dossier.achievements == EVERYTHING
    assert_inert(client.get(dossier.get_absolute_url()).content.decode(), VECTORS)

    dossier = services.submit(ba_dinh_officer, dossier)
    reviewer = city_appraiser if dossier.receiving_unit != org_tree.ba_dinh else ba_dinh_officer
    dossier = services.receive(reviewer, dossier)
    dossier = services.return_for_supplement(reviewer, dossier, note=packed(2000)[1])
    assert_inert(client.get(dossier.get_absolute_url()).content.decode(), [packed(2000)[1]])
