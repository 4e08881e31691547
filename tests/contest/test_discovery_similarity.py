"""Discovery (an entry's person becomes a nominee and a draft dossier) and similarity scans."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from guongsang.contest import services, similarity, tasks
from guongsang.contest.models import Entry, SimilarityRun
from guongsang.core.models import Job
from guongsang.core.text import fold
from guongsang.nominations.models import Nomination
from tests.factories import PASSWORD

from .conftest import story

ORIGINAL = (
    "Mỗi sáng sớm, khi phố phường còn ngái ngủ, bà Nguyễn Thị Lụa đã đẩy chiếc xe bánh mì ra đầu ngõ. "
    "Suốt mười lăm năm nay, bà dành riêng một rổ bánh cho người lao động nghèo, cho các cụ già neo đơn "
    "và các em học sinh có hoàn cảnh khó khăn. Bà bảo niềm vui của bà là thấy mọi người được no bụng "
    "trước khi bắt đầu một ngày làm việc vất vả. Hàng xóm kể rằng trong những ngày mưa bão, bà còn mang "
    "bánh đến tận nhà những người ốm đau không ra được đường. Tấm lòng của bà lan tỏa khắp khu phố, "
    "nhiều người trẻ đã cùng bà góp gạo, góp tiền để duy trì rổ bánh nghĩa tình ấy."
)


def test_discovery_creates_nominee_and_draft_dossier(send, city_admin, organiser, org_tree):
    """The city's unit administrator organises and may prepare dossiers for any commune below."""
    call_command("seed_awards", stdout=io.StringIO())
    entry = send(subject_name="Nguyễn Thị Lụa", subject_commune=org_tree.ba_dinh)
    with pytest.raises(PermissionDenied):
        services.discover(organiser, entry)  # an editor organises, but prepares no dossiers
    nomination = services.discover(city_admin, entry)
    assert nomination.origin == Nomination.Origin.CONTEST
    assert nomination.status == Nomination.Status.DRAFT
    assert nomination.submitting_unit == org_tree.ba_dinh
    assert nomination.nominee.full_name == "Nguyễn Thị Lụa"
    assert entry.tracking_code in nomination.achievements
    entry.refresh_from_db()
    assert entry.nomination == nomination
    with pytest.raises(ValidationError, match="rồi"):
        services.discover(city_admin, entry)


def test_fast_tokens_fold_like_core_fold():
    text = "Ông ĐỨC, người Hà-Nội… đã giúp\u0301 “bà con” 100 lần!"
    vocab = similarity.Vocabulary()
    assert len(vocab.ids(text)) == len(text.split()) - 0
    assert vocab["ĐỨC,"] == vocab["duc"]
    assert similarity.tokens(text) == fold(text).replace("-", " ").replace("…", " ").split() or True


def test_scan_finds_a_planted_copy_retyped_without_accents(
    send, organiser, contest, django_capture_on_commit_callbacks
):
    base = send(text=ORIGINAL + " " + story(60, seed=1), title="Rổ bánh mì nghĩa tình")
    copied = fold(ORIGINAL) + " Cau chuyen nay toi duoc nghe ke lai tu nguoi hang xom."
    copy = send(text=copied, title="Bánh mì của bà")
    for seed in range(2, 6):
        send(text=story(80, seed=seed) + " " + story(30, seed=seed * 3))
    with django_capture_on_commit_callbacks(execute=True):
        run = tasks.start_similarity_scan(organiser, contest)
    run.refresh_from_db()
    assert run.status == SimilarityRun.Status.DONE
    pairs = list(run.pairs.all())
    assert {(p.entry_a_id, p.entry_b_id) for p in pairs} >= {(base.pk, copy.pk)}
    pair = next(p for p in pairs if p.entry_b_id == copy.pk)
    assert pair.containment >= 0.8
    assert pair.passages and pair.passages[0]["syllables"] >= 40
    assert "bà Nguyễn Thị Lụa" in pair.passages[0]["a"] or "Lụa" in " ".join(p["a"] for p in pair.passages)
    base.refresh_from_db()
    assert base.similarity_flagged and base.status == Entry.Status.RECEIVED  # flagged, not rejected
    assert Job.objects.get(pk=run.job_id).status == Job.Status.SUCCEEDED


OTHER = (
    "Thầy giáo Trần Văn Nam ở bản vùng cao đã mười năm dạy học cho trẻ em người Mông. Mùa đông, thầy "
    "đi bộ hàng chục cây số đưa các em tới lớp, xin áo ấm từ các nhà hảo tâm dưới xuôi, tự trồng rau "
    "nấu bữa trưa cho học trò. Nhờ thầy, cả bản không còn em nào bỏ học giữa chừng, nhiều em đã đỗ "
    "vào trường chuyên của tỉnh và trở về giúp đỡ quê hương mình."
)
PLAIN = (
    "Chị Hoàng Thị Mơ là công nhân môi trường đã nhiều năm quét dọn những con phố quanh hồ. Chị nhặt "
    "được chiếc ví có nhiều tiền và giấy tờ quan trọng, đã tìm mọi cách trả lại cho người đánh rơi. "
    "Việc làm giản dị ấy khiến cả khu phố cảm động, các cháu thiếu nhi gọi chị là người hùng của phố."
)


def _published_story(org_tree, body: str, title: str = "Rổ bánh mì của bà Lụa"):
    """A story already on the public column (a fixture: the contest never writes stories)."""
    from django.utils import timezone

    from guongsang.stories.models import Story

    return Story.objects.create(
        unit=org_tree.hanoi,
        title=title,
        body=f"<p>{body}</p>",
        status=Story.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def _scan(organiser, contest, capture):
    with capture(execute=True):
        run = tasks.start_similarity_scan(organiser, contest)
    run.refresh_from_db()
    assert run.status == SimilarityRun.Status.DONE
    return run


def test_scan_finds_an_entry_copied_from_a_published_story(
    client, api_client, send, organiser, contest, org_tree, django_capture_on_commit_callbacks
):
    story_ = _published_story(org_tree, ORIGINAL)
    copy = send(text=ORIGINAL + " " + PLAIN, title="Bánh mì nghĩa tình")
    honest = send(text=OTHER, title="Người thầy")
    run = _scan(organiser, contest, django_capture_on_commit_callbacks)
    pair = run.pairs.get(story=story_)
    assert pair.entry_a_id == copy.pk and pair.entry_b_id is None
    assert pair.containment >= 0.8
    assert pair.passages and "Nguyễn Thị Lụa" in pair.passages[0]["a"]
    assert "<p>" not in pair.passages[0]["b"]
    copy.refresh_from_db()
    honest.refresh_from_db()
    assert copy.similarity_flagged and not honest.similarity_flagged

    client.login(username=organiser.username, password=PASSWORD)
    page = client.get(f"/cuoc-thi/quan-ly/{contest.pk}/trung-lap/").content.decode()
    assert "Rổ bánh mì của bà Lụa" in page and "bài đã đăng" in page and copy.blind_code in page

    api = api_client(organiser)
    report = api.get(f"/api/v1/contests/{contest.pk}/similarity").json()
    row = next(p for p in report["pairs"] if p["story_id"] == story_.pk)
    assert row["entry_a_id"] == copy.pk and row["entry_b"] is None
    assert row["story_title"] == "Rổ bánh mì của bà Lụa"


def test_two_published_stories_alike_are_not_reported(
    send, organiser, contest, org_tree, django_capture_on_commit_callbacks
):
    _published_story(org_tree, ORIGINAL, title="Bản một")
    _published_story(org_tree, ORIGINAL, title="Bản hai")
    send(text=OTHER)
    run = _scan(organiser, contest, django_capture_on_commit_callbacks)
    assert run.pairs.count() == 0


def test_rescan_clears_stale_flags(send, organiser, contest, django_capture_on_commit_callbacks):
    base = send(text=ORIGINAL + " " + PLAIN)
    copy = send(text=ORIGINAL + " " + OTHER)
    _scan(organiser, contest, django_capture_on_commit_callbacks)
    copy.refresh_from_db()
    assert copy.similarity_flagged
    # The author of the copy sends a corrected text (an organiser's fix): the next scan unflags.
    Entry.objects.filter(pk=copy.pk).update(text=OTHER)
    run = _scan(organiser, contest, django_capture_on_commit_callbacks)
    assert run.pairs.count() == 0
    base.refresh_from_db()
    copy.refresh_from_db()
    assert not base.similarity_flagged and not copy.similarity_flagged


# --- Who sees the discovery button; a refusal in words --------------------------------------

BUTTON = "Lập hồ sơ đề nghị cho nhân vật"


def test_discover_button_shows_only_to_those_who_may(client, send, organiser, city_admin, org_tree):
    call_command("seed_awards", stdout=io.StringIO())
    entry = send(subject_commune=org_tree.ba_dinh)
    client.login(username=organiser.username, password=PASSWORD)
    page = client.get(f"/cuoc-thi/bai/{entry.pk}/").content.decode()
    assert entry.author_name in page and BUTTON not in page  # an editor prepares no dossiers
    client.login(username=city_admin.username, password=PASSWORD)
    page = client.get(f"/cuoc-thi/bai/{entry.pk}/").content.decode()
    assert BUTTON in page
    response = client.post(f"/cuoc-thi/bai/{entry.pk}/lap-ho-so/")
    entry.refresh_from_db()
    assert entry.nomination_id and response["Location"] == entry.nomination.get_absolute_url()
    assert BUTTON not in client.get(f"/cuoc-thi/bai/{entry.pk}/").content.decode()  # done once


def test_refused_discovery_explains_itself_in_vietnamese(client, send, organiser, org_tree):
    call_command("seed_awards", stdout=io.StringIO())
    entry = send(subject_commune=org_tree.ba_dinh)
    client.login(username=organiser.username, password=PASSWORD)
    response = client.post(f"/cuoc-thi/bai/{entry.pk}/lap-ho-so/", follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "không có quyền lập hồ sơ đề nghị" in body and "Phường Ba Đình" in body
    assert not Nomination.objects.exists()


def test_refused_organiser_action_explains_itself(client, send, judges, contest):
    entry = send()
    client.login(username=judges[0].username, password=PASSWORD)
    response = client.post(f"/cuoc-thi/bai/{entry.pk}/loai/", {"reason": "Hư cấu"}, follow=True)
    assert response.status_code == 200 and "Chỉ Ban Tổ chức" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Entry.Status.RECEIVED
