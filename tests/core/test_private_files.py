"""Private files: every kind is stored outside the public folder under a random name, and reaches
only the people allowed to read it; anonymous readers and other units' officers get a 404."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve as static_serve

from guongsang.awards.models import AwardType
from guongsang.books.models import BookEdition
from guongsang.contest import services as contest_services
from guongsang.contest.models import Contest, EntryPhoto
from guongsang.core.files import private_storage, serve
from guongsang.core.models import Job
from guongsang.core.permissions import Role
from guongsang.discovery.models import GoodDeedReport, ReportFile
from guongsang.movements.models import MovementAttachment
from guongsang.nominations import services as dossiers
from guongsang.nominees.models import Nominee
from tests.factories import PASSWORD, MembershipFactory, MovementFactory, UserFactory
from tests.stories.fixtures import png_bytes

RANDOM_NAME = re.compile(r"^[a-z/]+/[A-Za-z0-9_-]{24}(\.[a-z0-9]+)?$")
PNG = png_bytes(20, 20)


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _file(content: bytes, name: str) -> ContentFile:
    file = ContentFile(content, name=name)
    file.size = len(content)
    return file


@pytest.fixture
def files(org_tree, commune_officer):
    """One file of every private kind, all belonging to Phường Thanh Xuân, as
    ``[(kind, url, field file, bytes)]``."""
    ward = org_tree.thanh_xuan
    made = []

    call_command("seed_awards", stdout=io.StringIO())
    person = Nominee.objects.create(
        kind=Nominee.Kind.INDIVIDUAL,
        full_name="Lê Thị Hằng",
        birth_year=1975,
        unit=ward,
        residence=ward,
        created_by=commune_officer,
        photo=_file(PNG, "le-thi-hang.png"),
    )
    made.append(("chân dung", reverse("nominees:photo", args=[person.pk]), person.photo, PNG))

    dossier = dossiers.create_nomination(
        commune_officer,
        nominee=person,
        award_type=AwardType.objects.get(code="bang-khen-tinh"),
        submitting_unit=ward,
        achievements="Hơn 20 năm dạy chữ miễn phí cho trẻ em nghèo.",
    )
    evidence = dossiers.add_evidence(
        commune_officer, dossier, file=_file(b"%PDF-1.7 bao cao", "bao-cao-thanh-tich.pdf"), title="Báo cáo"
    )
    made.append(
        (
            "minh chứng",
            reverse("nominations:evidence", args=[evidence.pk]),
            evidence.file,
            b"%PDF-1.7 bao cao",
        )
    )

    tip = GoodDeedReport.objects.create(
        reporter_name="Trần Văn Tâm", person_name="Lê Thị Hằng", what_happened="Cứu người", place_commune=ward
    )
    tip_file = ReportFile.objects.create(
        report=tip, file=_file(PNG, "hien-truong.png"), name="hien-truong.png"
    )
    made.append(("tệp tin báo", reverse("discovery:report_file", args=[tip_file.pk]), tip_file.file, PNG))

    movement = MovementFactory(unit=ward)
    attachment = MovementAttachment.objects.create(
        movement=movement,
        title="Kế hoạch",
        filename="ke-hoach.pdf",
        file=_file(b"%PDF-1.7 ke hoach", "ke-hoach.pdf"),
    )
    made.append(
        (
            "tài liệu phong trào",
            reverse("movements:attachment", args=[attachment.pk]),
            attachment.file,
            b"%PDF-1.7 ke hoach",
        )
    )

    contest = contest_services.create_contest(
        commune_officer,
        organiser=ward,
        year=2026,
        title="Cuộc thi viết của phường",
        min_words=5,
        max_words=400,
    )
    contest = contest_services.set_contest_status(commune_officer, contest, Contest.Status.OPEN)
    entry = contest_services.submit_entry(
        contest,
        kind="article",
        author_name="Trần Thị Thu",
        author_address="12 Nguyễn Trãi, Thanh Xuân, Hà Nội",
        author_phone="0912000001",
        author_email="",
        title="Người thầy của xóm chài",
        text="Ông Bình lặng lẽ sửa đường làng đón trẻ em qua suối mỗi mùa lũ",
        subject_name="Nguyễn Văn Bình",
        subject_commune=ward,
        subject_place="Tổ 5",
    )
    photo = EntryPhoto.objects.create(entry=entry, file=_file(PNG, "tac-gia.png"), size=len(PNG))
    made.append(
        ("ảnh bài dự thi", reverse("contest:entry_photo", args=[entry.pk, photo.pk]), photo.file, PNG)
    )

    edition = BookEdition.objects.create(organiser=ward, year=2026)
    edition.cover.save("bia.png", ContentFile(PNG), save=False)
    edition.epub.save("sach.epub", ContentFile(b"PK epub"), save=False)
    edition.pdf.save("sach.pdf", ContentFile(b"%PDF-1.7 sach"), save=False)
    edition.save()
    made.append(("ảnh bìa sách", reverse("books:cover_image", args=[edition.pk]), edition.cover, PNG))
    made.append(("sách EPUB", reverse("books:download", args=[edition.pk, "epub"]), edition.epub, b"PK epub"))
    made.append(
        ("sách PDF", reverse("books:download", args=[edition.pk, "pdf"]), edition.pdf, b"%PDF-1.7 sach")
    )

    job = Job.objects.create(owner=commune_officer, kind="nominations.export", title="Xuất hồ sơ")
    job.result_file.save("ho-so-de-nghi-20261205.xlsx", ContentFile(b"PK xlsx"), save=False)
    job.result_name = "ho-so-de-nghi-20261205.xlsx"
    job.save()
    made.append(("kết quả xuất", reverse("core:job_download", args=[job.pk]), job.result_file, b"PK xlsx"))
    return made


@pytest.fixture
def dong_da_officer(org_tree):
    """An officer, editor and head of the neighbouring ward: every role, the wrong unit."""
    user = UserFactory(username="canbo.dongda", full_name="Phạm Văn Nam")
    for role in (Role.OFFICER, Role.EDITOR, Role.HEAD):
        MembershipFactory(user=user, unit=org_tree.dong_da, role=role)
    return user


def test_every_private_kind_is_404_to_strangers_and_served_to_its_unit(
    client, files, commune_officer, dong_da_officer, laocai_officer, settings
):
    assert len(files) == 9
    refused = 0
    for stranger in (None, dong_da_officer, laocai_officer):
        client.logout()
        if stranger is not None:
            client.login(username=stranger.username, password=PASSWORD)
        for kind, url, _file_field, _content in files:
            response = client.get(url)
            assert response.status_code == 404, (kind, stranger)
            refused += 1
    assert refused == 27  # 9 kinds × (anonymous, another ward, another province)

    client.login(username=commune_officer.username, password=PASSWORD)
    for kind, url, _file_field, content in files:
        response = client.get(url)
        assert response.status_code == 200, kind
        assert b"".join(response.streaming_content) == content, kind
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"], kind

    media = Path(settings.MEDIA_ROOT)
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    request = RequestFactory().get("/media/")
    for kind, _url, file_field, content in files:
        assert RANDOM_NAME.match(file_field.name), (kind, file_field.name)
        assert (private / file_field.name).read_bytes() == content, kind
        assert not (media / file_field.name).exists(), kind
        # Even a site that serves MEDIA_ROOT under /media/ has nothing to give.
        with pytest.raises(Http404):
            static_serve(request, file_field.name, document_root=settings.MEDIA_ROOT)
    assert not any(media.rglob("*.*"))


def test_downloads_keep_the_human_name(client, files, commune_officer):
    client.login(username=commune_officer.username, password=PASSWORD)
    names = {kind: client.get(url).get("Content-Disposition", "") for kind, url, _f, _c in files}
    assert 'filename="bao-cao-thanh-tich.pdf"' in names["minh chứng"]
    assert 'filename="ke-hoach.pdf"' in names["tài liệu phong trào"]
    assert 'filename="ho-so-de-nghi-20261205.xlsx"' in names["kết quả xuất"]
    assert 'filename="hien-truong.png"' in names["tệp tin báo"]
    assert names["chân dung"].startswith("inline")


def test_a_private_file_has_no_url(files):
    _kind, _url, file_field, _content = files[0]
    with pytest.raises(ValueError, match="no URL"):
        file_field.url


def test_every_file_field_is_private_except_story_photos():
    """A new file field lands in the private storage unless it is knowingly public."""
    from django.apps import apps
    from django.db import models

    public = {"stories.StoryPhoto.image"}
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                name = f"{model._meta.label}.{field.name}"
                is_private = getattr(field, "_storage_callable", None) is private_storage
                assert is_private == (name not in public), name


def test_the_proxy_sends_the_file_when_configured(files, settings):
    _kind, _url, file_field, _content = files[0]
    settings.PRIVATE_FILES_SERVE = "x-accel"
    response = serve(file_field, filename="báo cáo.pdf")
    assert response["X-Accel-Redirect"] == "/_private/" + file_field.name
    assert response.content == b""
    assert "filename*=utf-8''b%C3%A1o%20c%C3%A1o.pdf" in response["Content-Disposition"]
    settings.PRIVATE_FILES_SERVE = "x-sendfile"
    assert serve(file_field, filename="a.pdf")["X-Sendfile"] == file_field.path
