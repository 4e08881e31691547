"""The similarity scan: a year's entries and the published stories compared (MinHash, see
``contest.similarity``), pairs recorded, entries flagged for people to look at."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Contest,
    Entry,
)
from .shared import _n, _require_organiser

SCAN_JOB = "contest.similarity"


def record_similarity_scan(actor, contest: Contest, *, threshold: float = 0.5):
    """Record a scan of the year's entries as a background job with progress. The caller
    enqueues it once committed (``tasks.start_similarity_scan``): services do not import tasks,
    the tasks call services."""
    from guongsang.core.services import create_job

    from ..models import SimilarityRun

    _require_organiser(actor, contest)
    if not 0.2 <= threshold <= 1:
        raise ValidationError(_("Ngưỡng trùng lặp phải từ 0,2 đến 1."))
    job = create_job(
        actor, SCAN_JOB, _("Quét bài trùng lặp: %(contest)s") % {"contest": contest}, {"contest": contest.pk}
    )
    return SimilarityRun.objects.create(contest=contest, job=job, threshold=threshold, started_by=actor)


def _story_text(title: str, lead: str, body: str) -> str:
    """A story as plain text (its body is sanitised HTML: tags would count as words)."""
    from html import unescape

    from django.utils.html import strip_tags

    return "\n\n".join(unescape(strip_tags(part)) for part in (title, lead, body) if part)


def _published_stories():
    """Published stories (through the stories app's own selector; nothing here writes to them)."""
    from guongsang.stories.selectors import public_stories

    return public_stories().order_by()


def run_similarity_scan(run_id: int, *, workers: int | None = None) -> int:
    """Scan every entry of the contest's year (all organisers: a copy may be sent to two
    contests) and every published story (a story copied from the public column), and record
    the pairs that involve this contest, with their shared passages. Entries in a pair are
    flagged for people to look at; nothing is rejected. A rescan replaces the flags of this
    contest's entries: an entry no longer in any pair is unflagged."""
    from guongsang.core.services import job_finished, job_progress

    from .. import similarity
    from ..models import SimilarityRun, SimilarPair

    run = SimilarityRun.objects.select_related("contest", "job").get(pk=run_id)
    contest = run.contest
    pool = Entry.objects.filter(contest__year=contest.year).exclude(status=Entry.Status.WITHDRAWN)
    stories = _published_stories()
    n_entries, n_stories = pool.count(), stories.count()
    total = n_entries + n_stories
    ours = set(pool.filter(contest=contest).values_list("pk", flat=True))
    job = run.job
    if job is not None:
        job_progress(job, 0, total, _("Đang quét %(n)s bài…") % {"n": _n(total)})

    def progress(done: int) -> None:
        SimilarityRun.objects.filter(pk=run.pk).update(entries_scanned=min(done, n_entries))
        if job is not None:
            job_progress(job, done, total)

    def texts():
        # Stories first, under negative keys (entry ids are positive), so one index holds both.
        for pk, title, lead, body in stories.values_list("pk", "title", "lead", "body").iterator(2000):
            yield -pk, _story_text(title, lead, body)
        yield from pool.order_by("pk").values_list("pk", "text").iterator(chunk_size=2000)

    def wanted(m) -> bool:
        if m.a < 0 and m.b < 0:
            return False  # two stories: not the contest's business
        return m.a in ours or m.b in ours

    try:
        matches = [
            m
            for m in similarity.find_similar(
                texts(),
                threshold=run.threshold,
                progress=progress,
                workers=workers if workers is not None else similarity.default_workers(total),
            )
            if wanted(m)
        ]
        entry_ids = {k for m in matches for k in (m.a, m.b) if k > 0}
        story_ids = {-k for m in matches for k in (m.a, m.b) if k < 0}
        texts_of = dict(Entry.objects.filter(pk__in=entry_ids).values_list("pk", "text"))
        texts_of |= {
            -pk: _story_text(title, lead, body)
            for pk, title, lead, body in stories.filter(pk__in=story_ids).values_list(
                "pk", "title", "lead", "body"
            )
        }
        pairs = []
        for m in matches:
            # The entry is always ``entry_a``; the other side an entry or a story.
            a, b = (m.b, m.a) if m.a < 0 else (m.a, m.b)
            pairs.append(
                SimilarPair(
                    run=run,
                    entry_a_id=a,
                    entry_b_id=b if b > 0 else None,
                    story_id=-b if b < 0 else None,
                    jaccard=m.jaccard,
                    containment=m.containment,
                    passages=similarity.overlapping_passages(texts_of[a], texts_of[b]),
                )
            )
        with transaction.atomic():
            SimilarPair.objects.bulk_create(pairs, batch_size=1000)
            Entry.objects.filter(contest=contest, similarity_flagged=True).update(similarity_flagged=False)
            Entry.objects.filter(pk__in=entry_ids).update(similarity_flagged=True)
            run.status = SimilarityRun.Status.DONE
            run.entries_scanned, run.pairs_found, run.finished_at = n_entries, len(matches), timezone.now()
            run.save()
    except Exception:
        SimilarityRun.objects.filter(pk=run.pk).update(
            status=SimilarityRun.Status.FAILED, finished_at=timezone.now()
        )
        if job is not None:
            job_finished(job, ok=False, message=_("Quét trùng lặp thất bại; hãy thử lại."))
        raise
    if job is not None:
        job_finished(
            job,
            ok=True,
            message=_("Đã quét %(n)s bài dự thi và %(s)s bài đã đăng, thấy %(p)s cặp tương đồng.")
            % {"n": _n(n_entries), "s": _n(n_stories), "p": _n(len(matches))},
        )
    return len(matches)
