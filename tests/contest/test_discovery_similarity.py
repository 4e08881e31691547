"""Discovery (an entry's person becomes a nominee and a draft dossier) and similarity scans."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from guongsang.contest import services, similarity
from guongsang.contest.models import Entry, SimilarityRun
from guongsang.core.models import Job
from guongsang.core.text import fold
from guongsang.nominations.models import Nomination

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
        run = services.start_similarity_scan(organiser, contest)
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
