"""Interrupted background jobs: a heartbeat, stale jobs failed with a clear message (by the
command or when their page is read), their inputs deleted, and a retry for kinds that allow it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from guongsang.books.models import BookEdition
from guongsang.core import services
from guongsang.core.files import private_storage
from guongsang.core.models import Job
from tests.factories import PASSWORD

STALE = "Tác vụ bị gián đoạn: không có tín hiệu hoạt động trong 30 phút"


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.JOB_STALE_MINUTES = 30


def _input(content: bytes = b"PK cccd 001234567890") -> str:
    return private_storage().save("imports/nominations/sheet.xlsx", ContentFile(content))


def _silent_for(job: Job, minutes: int) -> Job:
    """The job's last sign of life was ``minutes`` ago."""
    then = timezone.now() - timedelta(minutes=minutes)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=then, created_at=then)
    job.refresh_from_db()
    return job


def test_progress_is_a_heartbeat(commune_officer):
    job = services.create_job(commune_officer, "orgs.export", "Xuất")
    assert job.heartbeat_at is None
    services.job_progress(job, 3, 10)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.heartbeat_at is not None
    assert timezone.now() - job.heartbeat_at < timedelta(seconds=5)


def test_cleanup_fails_stale_jobs_and_deletes_their_inputs(
    commune_officer, django_capture_on_commit_callbacks
):
    sheet = _input()
    killed = services.create_job(
        commune_officer, "nominations.import", "Nhập 4.000 hồ sơ", {"path": sheet}, inputs=[sheet]
    )
    services.job_progress(killed, 1200, 4000)
    _silent_for(killed, 31)
    never_started = _silent_for(services.create_job(commune_officer, "orgs.export", "Xuất"), 45)
    alive = services.create_job(commune_officer, "orgs.export", "Xuất đang chạy")
    services.job_progress(alive, 5, 10)
    _silent_for(alive, 29)

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cleanup_jobs", stdout=out)

    assert "Đã đánh dấu thất bại 2 tác vụ" in out.getvalue()
    killed.refresh_from_db()
    never_started.refresh_from_db()
    alive.refresh_from_db()
    assert killed.status == never_started.status == Job.Status.FAILED
    assert killed.message.startswith(STALE) and killed.finished_at is not None
    assert killed.done == 1200  # what it reached stays visible
    assert alive.status == Job.Status.RUNNING
    assert not private_storage().exists(sheet)
    assert commune_officer.notifications.filter(title="Nhập 4.000 hồ sơ — thất bại").exists()
    # A second run finds nothing more to do.
    call_command("cleanup_jobs", stdout=out)
    assert "Đã đánh dấu thất bại 0 tác vụ" in out.getvalue()


def test_the_job_page_fails_a_stale_job_when_read(client, commune_officer):
    sheet = _input()
    job = services.create_job(commune_officer, "nominations.import", "Nhập", {"path": sheet}, inputs=[sheet])
    services.job_progress(job, 10, 100)
    _silent_for(job, 31)
    client.login(username=commune_officer.username, password=PASSWORD)

    page = client.get(reverse("nominations:excel_import_job", args=[job.pk])).content.decode()

    assert "Thất bại" in page and STALE in page
    assert not private_storage().exists(sheet)
    # An import cannot run again: its sheet is gone; the user uploads it again.
    assert "Thử lại" not in client.get(job.get_absolute_url()).content.decode()


def test_the_general_job_page_fails_a_stale_job_too(client, commune_officer):
    job = _silent_for(services.create_job(commune_officer, "orgs.export", "Xuất"), 31)
    client.login(username=commune_officer.username, password=PASSWORD)
    page = client.get(job.get_absolute_url()).content.decode()
    assert STALE in page and "Thử lại" in page


def test_a_failed_export_is_retried_with_the_same_params(
    client, commune_officer, django_capture_on_commit_callbacks
):
    filters = {"q": "Thanh Xuân", "kind": ""}
    job = _silent_for(services.create_job(commune_officer, "orgs.export", "Xuất đơn vị", filters), 31)
    services.fail_stale_jobs()
    client.login(username=commune_officer.username, password=PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:job_retry", args=[job.pk]))

    again = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == again.get_absolute_url()
    assert again.kind == "orgs.export" and again.params == filters and again.title == "Xuất đơn vị"
    assert again.status == Job.Status.SUCCEEDED and again.result_file
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED  # the record of the failure stays


def test_retry_is_refused_for_imports_running_jobs_and_other_people(client, commune_officer, laocai_officer):
    sheet = _input()
    failed_import = services.create_job(commune_officer, "nominations.import", "Nhập", inputs=[sheet])
    services.job_finished(failed_import, ok=False, message="Lỗi")
    running = services.create_job(commune_officer, "orgs.export", "Xuất")
    client.login(username=commune_officer.username, password=PASSWORD)
    for job in (failed_import, running):
        response = client.post(reverse("core:job_retry", args=[job.pk]), follow=True)
        assert "Không thể chạy lại tác vụ này." in response.content.decode()
    client.login(username=laocai_officer.username, password=PASSWORD)
    assert client.post(reverse("core:job_retry", args=[running.pk])).status_code == 404
    assert Job.objects.count() == 2


@pytest.mark.parametrize("ok", [True, False])
def test_inputs_are_deleted_when_a_job_ends_whatever_the_outcome(commune_officer, ok):
    sheet = _input()
    job = services.create_job(commune_officer, "nominations.import", "Nhập", inputs=[sheet])
    services.job_finished(job, ok=ok, message="")
    assert not private_storage().exists(sheet)


def test_a_stale_book_build_lets_the_editor_build_again(org_tree, commune_officer):
    edition = BookEdition.objects.create(organiser=org_tree.thanh_xuan, year=2026, status="building")
    job = services.create_job(commune_officer, "books.build", "Dựng sách", {"edition": edition.pk})
    _silent_for(job, 31)
    assert services.fail_stale_jobs() == 1
    edition.refresh_from_db()
    assert edition.status == BookEdition.Status.FAILED and edition.build_message.startswith(STALE)
