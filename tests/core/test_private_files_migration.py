"""The data migrations that move files already in the public folder to the private storage."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from guongsang.core.files import private_storage, public_storage
from guongsang.core.models import Job
from guongsang.movements.models import MovementAttachment
from tests.factories import MovementFactory

movements_migration = importlib.import_module("guongsang.movements.migrations.0003_private_storage")
jobs_migration = importlib.import_module("guongsang.core.migrations.0002_job_heartbeat_private_result")
nominations_migration = importlib.import_module("guongsang.nominations.migrations.0003_private_storage")


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _models_at(node: tuple[str, str]):
    """The models as a migration saw them: tips (``ReportFile``) were in ``nominations`` then."""
    return MigrationLoader(connection).project_state(node).apps


def _public(name: str, content: bytes) -> str:
    return public_storage().save(name, ContentFile(content))


def test_old_public_attachment_moves_to_a_random_private_name(
    org_tree, settings, django_capture_on_commit_callbacks
):
    movement = MovementFactory(unit=org_tree.hanoi)
    old = _public(f"movements/{movement.pk}/ke-hoach-99.pdf", b"%PDF plan")
    attachment = MovementAttachment.objects.create(movement=movement, title="Kế hoạch 99")
    MovementAttachment.objects.filter(pk=attachment.pk).update(file=old)
    attachment.history.update(file=old)

    with django_capture_on_commit_callbacks(execute=True):
        movements_migration.move_files(apps, None)

    attachment.refresh_from_db()
    assert attachment.file.name.startswith("movements/") and "ke-hoach" not in attachment.file.name
    assert attachment.filename == "ke-hoach-99.pdf"
    assert private_storage().open(attachment.file.name).read() == b"%PDF plan"
    assert not (Path(settings.MEDIA_ROOT) / old).exists()
    assert set(attachment.history.values_list("file", flat=True)) == {attachment.file.name}

    # Run again: nothing moves, nothing breaks.
    with django_capture_on_commit_callbacks(execute=True):
        movements_migration.move_files(apps, None)
    assert MovementAttachment.objects.get().file.name == attachment.file.name


def test_old_job_result_moves_and_keeps_its_download_name(
    commune_officer, settings, client, django_capture_on_commit_callbacks
):
    old = _public("jobs/2026/12/ho-so-de-nghi-20261205.xlsx", b"PK rows")
    job = Job.objects.create(
        owner=commune_officer, kind="nominations.export", title="Xuất", status="succeeded"
    )
    Job.objects.filter(pk=job.pk).update(result_file=old)

    with django_capture_on_commit_callbacks(execute=True):
        jobs_migration.move_results(apps, None)

    job.refresh_from_db()
    assert job.result_name == "ho-so-de-nghi-20261205.xlsx"
    assert not (Path(settings.MEDIA_ROOT) / old).exists()
    client.force_login(commune_officer)
    response = client.get(f"/viec/{job.pk}/tai-ve/")
    assert b"".join(response.streaming_content) == b"PK rows"
    assert 'filename="ho-so-de-nghi-20261205.xlsx"' in response["Content-Disposition"]


def test_import_sheets_leave_the_public_folder(commune_officer, settings, django_capture_on_commit_callbacks):
    ended = _public("imports/nominations/aaa.xlsx", b"PK ended")
    waiting = _public("imports/nominations/bbb.xlsx", b"PK waiting")
    orphan = _public("imports/nominations/ccc.xlsx", b"PK orphan")
    for path, status in ((ended, "failed"), (waiting, "queued")):
        Job.objects.create(
            owner=commune_officer,
            kind="nominations.import",
            title="Nhập",
            status=status,
            params={"path": path},
        )

    with django_capture_on_commit_callbacks(execute=True):
        nominations_migration.move_files(_models_at(("nominations", "0003_private_storage")), None)

    media = Path(settings.MEDIA_ROOT)
    assert not any((media / p).exists() for p in (ended, waiting, orphan))
    queued = Job.objects.get(status="queued")
    assert queued.params["inputs"] == [queued.params["path"]]
    assert private_storage().open(queued.params["path"]).read() == b"PK waiting"
