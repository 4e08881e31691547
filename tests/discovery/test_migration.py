"""The move of tips from ``nominations`` to ``discovery`` keeps what the old code made: every tip
with its id and tracking code, its history rows, its files, the dossier it opened, and the
permissions people were given on it (content types relabelled)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from guongsang.core.files import private_storage
from guongsang.discovery import selectors
from guongsang.discovery.models import GoodDeedReport, ReportFile
from guongsang.nominations import services as dossiers
from guongsang.nominations.models import Nomination

pytestmark = pytest.mark.django_db(transaction=True)

# The last migrations before the move: tips in ``nominations``, no ``discovery`` yet.
BEFORE = [("nominations", "0003_private_storage"), ("discovery", None)]
MOVE = ("nominations", "0004_tips_move_to_discovery")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def old_apps(settings, tmp_path):
    """The database rolled back to before the move, and the models the old code had; rolled
    forward again afterwards whatever happens."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # Everything else forward again, the move and what depends on it aside: the test makes its
    # dossier with today's code, whose tables must have their later columns (e.g. the events'
    # ``occurred_on``, added beside the move).
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    after_move = set(graph.backwards_plan(MOVE))
    plan = [
        (migration, backwards)
        for migration, backwards in executor.migration_plan(graph.leaf_nodes())
        if (migration.app_label, migration.name) not in after_move
    ]
    executor.migrate(graph.leaf_nodes(), plan=plan)
    # The models of the old code, and those of the permissions and content types around them.
    nodes = [BEFORE[0]] + [node for node in graph.leaf_nodes() if node[0] in ("auth", "contenttypes")]
    try:
        yield executor.loader.project_state(nodes).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()


def _migrate_forward() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_tips_made_before_the_move_keep_rows_codes_history_and_files(
    old_apps, org_tree, catalogue, ba_dinh_officer, nominee
):
    with pytest.raises(LookupError):
        old_apps.get_model("discovery", "GoodDeedReport")
    old_tip = old_apps.get_model("nominations", "GoodDeedReport")
    old_history = old_apps.get_model("nominations", "HistoricalGoodDeedReport")
    old_file = old_apps.get_model("nominations", "ReportFile")

    received = old_tip.objects.create(
        tracking_code="NT-ABCD-2345",
        reporter_name="Trần Thị Mai",
        reporter_email="mai.tran@example.vn",
        person_name="Nguyễn Văn Đức",
        what_happened="Anh ấy nhảy xuống hồ Trúc Bạch cứu một cháu bé bị đuối nước.",
        place_commune_id=org_tree.ba_dinh.pk,
        occurred_on=dt.date(2025, 6, 12),
    )
    dossier = dossiers.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["nguoi-tot-viec-tot-ha-noi"],
        submitting_unit=org_tree.ba_dinh,
        achievements="Cứu người đuối nước.",
    )
    accepted = old_tip.objects.create(
        tracking_code="NT-WXYZ-6789",
        source="press",
        reporter_name="Phóng viên Lê Hà",
        reporter_email="le.ha@bao.example.vn",
        press_outlet="Báo Hà Nội Mới",
        person_name="Nguyễn Văn Đức",
        what_happened="Bài báo kể việc anh Đức cứu cháu bé ở hồ Trúc Bạch.",
        place_commune_id=org_tree.ba_dinh.pk,
        status="accepted",
        nomination_id=dossier.pk,
        handled_by_id=ba_dinh_officer.pk,
        handled_at=timezone.now(),
    )
    fields = [f.attname for f in old_history._meta.fields if not f.name.startswith("history_")]
    for tip, kinds in ((received, "+"), (accepted, "+~")):
        for kind in kinds:
            old_history.objects.create(
                **{name: getattr(tip, name) for name in fields},
                history_date=timezone.now(),
                history_type=kind,
                history_user_id=ba_dinh_officer.pk,
            )
    stored = private_storage().save("tips/anh-ho-truc-bach.png", ContentFile(PNG))
    old_file.objects.create(report_id=received.pk, file=stored, name="ảnh hồ Trúc Bạch.png", size=len(PNG))
    old_type = old_apps.get_model("contenttypes", "ContentType").objects.get(
        app_label="nominations", model="gooddeedreport"
    )
    old_permission = old_apps.get_model("auth", "Permission").objects.get(
        content_type=old_type, codename="view_gooddeedreport"
    )
    old_user = old_apps.get_model("accounts", "User").objects.get(pk=ba_dinh_officer.pk)
    old_user.user_permissions.add(old_permission)

    _migrate_forward()

    tip = selectors.report_by_code("nt-abcd-2345")
    assert tip.pk == received.pk and tip.place_commune == org_tree.ba_dinh
    assert tip.reporter_name == "Trần Thị Mai" and tip.status == GoodDeedReport.Status.RECEIVED
    attachment = ReportFile.objects.get(report=tip)
    assert attachment.name == "ảnh hồ Trúc Bạch.png" and attachment.file.read() == PNG
    assert [h.history_type for h in tip.history.all()] == ["+"]

    opened = GoodDeedReport.objects.get(tracking_code="NT-WXYZ-6789")
    assert opened.pk == accepted.pk and opened.nomination == dossier
    assert Nomination.objects.get(pk=dossier.pk).source_report == opened
    assert sorted(h.history_type for h in opened.history.all()) == ["+", "~"]
    assert {h.history_user_id for h in opened.history.all()} == {ba_dinh_officer.pk}

    # A new tip after the move takes the next id, not one of the old ones.
    assert (
        GoodDeedReport.objects.create(
            reporter_name="Người mới",
            person_name="Ai đó",
            what_happened="x" * 30,
            place_commune=org_tree.ba_dinh,
        ).pk
        > accepted.pk
    )

    # The permission given before the move still holds, on the relabelled content type.
    assert not ContentType.objects.filter(app_label="nominations", model="gooddeedreport").exists()
    moved = Permission.objects.get(pk=old_permission.pk)
    assert moved.content_type.app_label == "discovery"
    assert moved.content_type.model_class() is GoodDeedReport
    assert ba_dinh_officer.user_permissions.filter(pk=moved.pk).exists()
