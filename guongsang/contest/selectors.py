"""Read queries of the contest, shared by pages, the API and exports.

Blind judging rests on one rule here: whatever a judge reads goes through ``BLIND_FIELDS`` /
``blind_entry``; no author field is ever loaded for a judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from guongsang.core.permissions import visible_to

from .models import Contest, Entry, JudgeAssignment, Round, RoundEntry, SimilarityRun

# The only entry fields a judge's page, API response or export may carry.
BLIND_FIELDS = (
    "blind_code",
    "kind",
    "title",
    "text",
    "word_count",
    "press_date",
    "video_link",
    "video_minutes",
    "subject_name",
    "subject_place",
)


def contests_for(user) -> QuerySet[Contest]:
    """Contests the user organises (or sees through the org tree), newest first."""
    return visible_to(user, Contest.objects.all()).select_related("organiser").order_by("-year", "-pk")


def open_contests() -> QuerySet[Contest]:
    return (
        Contest.objects.filter(status=Contest.Status.OPEN).select_related("organiser").order_by("-year", "pk")
    )


def published_contests() -> QuerySet[Contest]:
    return Contest.objects.filter(results_published_at__isnull=False).order_by("-year", "-pk")


def entries_for(
    user, contest: Contest, *, q: str = "", status: str = "", flagged: bool = False
) -> QuerySet[Entry]:
    """The entries of a contest the user may see with their authors (organisers, or the units
    that sent them)."""
    qs = visible_to(user, Entry.objects.filter(contest=contest)).select_related(
        "unit", "subject_commune", "prize"
    )
    if status:
        qs = qs.filter(status=status)
    if flagged:
        qs = qs.filter(similarity_flagged=True)
    for word in (q or "").split()[:5]:
        qs = qs.filter(
            Q(tracking_code__icontains=word) | Q(blind_code__icontains=word) | Q(title__icontains=word)
            | Q(author_name__icontains=word)
        )  # fmt: skip
    return qs.order_by("-pk")


def entry_by_code(code: str) -> Entry | None:
    """An entry by its tracking code (case and spaces forgiven), for the author's status page."""
    cleaned = "".join((code or "").upper().split())
    if not cleaned or len(cleaned) > 20:
        return None
    return Entry.objects.select_related("contest", "prize").filter(tracking_code=cleaned).first()


@dataclass(frozen=True)
class BlindEntry:
    """What a judge knows about an entry."""

    blind_code: str
    kind: str
    kind_label: str
    title: str
    text: str
    word_count: int
    press_date: object
    video_link: str
    video_minutes: object
    subject_name: str
    subject_place: str


def redact(text: str, *needles: str) -> str:
    """``text`` with every occurrence of the author's name, phone or e-mail (case and diacritics
    ignored for the name) replaced, in case the author signed the text."""
    for needle in needles:
        needle = (needle or "").strip()
        if len(needle) < 4:
            continue
        if any(ch.isdigit() for ch in needle) and "@" not in needle:
            digits = re.sub(r"\D", "", needle)
            pattern = r"\D?".join(re.escape(d) for d in digits[-9:])
        else:
            pattern = re.escape(needle).replace(r"\ ", r"\s+")
        text = re.sub(pattern, "[…]", text, flags=re.IGNORECASE)
    return text


def blind_entry(entry_id: int) -> BlindEntry:
    """The entry as a judge sees it (``BLIND_FIELDS`` only; the author's name, phone and e-mail
    are read solely to redact them from the text)."""
    from .models import EntryKind

    values = Entry.objects.filter(pk=entry_id).values(*BLIND_FIELDS, "author_name", "author_email").get()
    phone = Entry.objects.only("author_phone").get(pk=entry_id).author_phone
    secret = (values.pop("author_name"), values.pop("author_email"), phone)
    values["text"] = redact(values["text"], *secret)
    values["title"] = redact(values["title"], *secret)
    return BlindEntry(kind_label=str(EntryKind(values["kind"]).label), **values)


def judge_rounds(user) -> QuerySet[Round]:
    """The rounds where ``user`` sits on the jury, with their counts."""
    return (
        Round.objects.filter(judges__user=user)
        .select_related("contest")
        .annotate(
            mine=Count(
                "assignments",
                filter=Q(assignments__judge__user=user, assignments__status=JudgeAssignment.Status.ACTIVE),
            ),
            mine_done=Count(
                "assignments",
                filter=Q(
                    assignments__judge__user=user,
                    assignments__status=JudgeAssignment.Status.ACTIVE,
                    assignments__score__isnull=False,
                ),
            ),
        )
        .order_by("-contest__year", "contest_id", "order")
    )


def judge_assignments(user, round_: Round) -> QuerySet[JudgeAssignment]:
    """A judge's active assignments in a round: blind code, title, their score if given."""
    return (
        JudgeAssignment.objects.filter(round=round_, judge__user=user, status=JudgeAssignment.Status.ACTIVE)
        .select_related("score")
        .only("pk", "round_id", "entry_id", "entry__blind_code", "entry__title", "entry__word_count",
              "entry__kind", "score__total", "score__id")
        .select_related("entry")
        .order_by("entry__blind_code")
    )  # fmt: skip


def ranking(round_: Round, *, disagreement_only: bool = False) -> QuerySet[RoundEntry]:
    """The round's entries in rank order (unscored last) with what the ranking page shows."""
    qs = RoundEntry.objects.filter(round=round_).select_related("entry").only(
        "pk", "rank", "n_scores", "mean", "median", "zscore", "spread", "disagreement", "advanced",
        "entry__id", "entry__blind_code", "entry__tracking_code", "entry__title", "entry__author_name",
        "entry__similarity_flagged", "entry__status", "entry__prize_id",
    )  # fmt: skip
    if disagreement_only:
        qs = qs.filter(disagreement=True)
    return qs.order_by("rank", "entry_id")


def latest_similarity(contest: Contest) -> SimilarityRun | None:
    return contest.similarity_runs.select_related("job").first()


def similar_pairs(run: SimilarityRun):
    """A scan's pairs, most copied first: entry ↔ entry, or entry ↔ published story."""
    return run.pairs.select_related("entry_a__contest", "entry_b__contest", "story").order_by(
        "-containment", "pk"
    )


def public_results(contest: Contest) -> QuerySet[Entry]:
    """The prize list of a published contest: prize, title, author, unit. No contact details."""
    return (
        contest.entries.filter(prize__isnull=False, status=Entry.Status.RECEIVED)
        .select_related("prize", "unit")
        .only("pk", "title", "author_name", "unit__name", "prize__name", "prize__order", "kind",
              "subject_name")
        .order_by("prize__order", "title")
    )  # fmt: skip
