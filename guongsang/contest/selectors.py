"""Read queries of the contest, shared by pages, the API and exports.

Blind judging rests on one rule here: whatever a judge reads goes through ``BLIND_FIELDS`` /
``blind_entry`` / ``judge_sheet``; the author's fields are read only by ``author_secrets``, to be
redacted from the title and the text, and are never displayed to a judge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Q, QuerySet

from guongsang.core.permissions import visible_to
from guongsang.core.text import fold

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


_TOKEN = re.compile(r"\w+")
REDACTED = "[…]"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return " " if ch.isspace() else fold(ch)


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded (``core.text.fold``: lower case, no diacritics, đ→d) character by
    character, with the index in ``text`` each folded character came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for folded in _fold_char(ch):
            out.append(folded)
            origin.append(index)
    return "".join(out), origin


def _phrase_pattern(phrase: str) -> str | None:
    """A pattern over folded text for ``phrase``'s words in order, whatever lies between them
    (spaces, commas, a line break), as whole words."""
    words = _TOKEN.findall(fold(phrase))
    if not words or len("".join(words)) < 4:
        return None
    return r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)"


def _phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 8:
        return None
    # The last nine digits, with any one separator between them (0987 654 321, 0987.654.321,
    # +84 987 654 321).
    return r"\D?".join(re.escape(d) for d in digits[-9:])


def _address_phrases(address: str) -> list[str]:
    """The whole address, and each part of it with a number (house, lane, street): those say
    where the author lives; "Thanh Xuân" or "Hà Nội" alone say nothing about them."""
    address = (address or "").strip()
    parts = [p.strip() for p in re.split(r"[,;\n]", address)]
    return [address, *[p for p in parts if len(p) >= 6 and any(ch.isdigit() for ch in p)]]


def redact(text: str, *, name: str = "", phone: str = "", email: str = "", address: str = "") -> str:
    """``text`` with the author's name, phone, e-mail and address replaced by "[…]", in case the
    author signed the text. Case and diacritics are ignored ("LE HOANG PHUC" and "le hoang phuc"
    are "Lê Hoàng Phúc"), so is the punctuation between the words of a name or an address."""
    if not text:
        return text or ""
    text = unicodedata.normalize("NFC", text)
    patterns = [_phrase_pattern(p) for p in (name, *_address_phrases(address))]
    email = (email or "").strip()
    if email:
        patterns.append(_phrase_pattern(email))
        patterns.append(_phrase_pattern(email.split("@", 1)[0]))
    folded, origin = _folded(text)
    spans: list[tuple[int, int]] = []
    for pattern in filter(None, patterns):
        for m in re.finditer(pattern, folded):
            if m.end() > m.start():
                spans.append((origin[m.start()], origin[m.end() - 1] + 1))
    phone_pattern = _phone_pattern(phone)
    if phone_pattern:
        spans.extend(m.span() for m in re.finditer(phone_pattern, text))
    if not spans:
        return text
    # Overlapping finds (the whole address and its street) become one redaction.
    spans.sort()
    merged = [list(spans[0])]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, last = [], 0
    for start, end in merged:
        pieces.extend((text[last:start], REDACTED))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


@dataclass(frozen=True)
class AuthorSecrets:
    """What must never reach a judge, read only to be redacted."""

    name: str
    phone: str
    email: str
    address: str

    def redact(self, text: str) -> str:
        return redact(text, name=self.name, phone=self.phone, email=self.email, address=self.address)


def author_secrets(entry_ids) -> dict[int, AuthorSecrets]:
    """The author fields of the entries, keyed by id: for redaction only, never displayed."""
    ids = list(entry_ids)
    rows = Entry.objects.filter(pk__in=ids).only(
        "author_name", "author_phone", "author_email", "author_address"
    )
    return {
        e.pk: AuthorSecrets(e.author_name, e.author_phone or "", e.author_email, e.author_address)
        for e in rows
    }


def blind_entry(entry_id: int) -> BlindEntry:
    """The entry as a judge sees it (``BLIND_FIELDS`` only; the author's name, phone, e-mail and
    address are read solely to redact them from the title and the text)."""
    from .models import EntryKind

    values = Entry.objects.filter(pk=entry_id).values(*BLIND_FIELDS).get()
    secrets = author_secrets([entry_id])[entry_id]
    values["text"] = secrets.redact(values["text"])
    values["title"] = secrets.redact(values["title"])
    return BlindEntry(kind_label=str(EntryKind(values["kind"]).label), **values)


@dataclass(frozen=True)
class JudgeRow:
    """One line of a judge's list, page, API or export: the blind code and the redacted title."""

    assignment_id: int
    blind_code: str
    title: str
    kind: str
    word_count: int
    score: object  # the judge's Score, or None

    @property
    def scored(self) -> bool:
        return self.score is not None


def judge_sheet(user, round_: Round) -> list[JudgeRow]:
    """A judge's active assignments in a round, titles redacted like the text (an author may
    sign the title too)."""
    assignments = list(judge_assignments(user, round_))
    secrets = author_secrets(a.entry_id for a in assignments)
    return [
        JudgeRow(
            assignment_id=a.pk,
            blind_code=a.entry.blind_code,
            title=secrets[a.entry_id].redact(a.entry.title) if a.entry_id in secrets else a.entry.title,
            kind=a.entry.kind,
            word_count=a.entry.word_count,
            score=getattr(a, "score", None),
        )
        for a in assignments
    ]


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
              "entry__kind", "score__total", "score__id", "score__values", "score__comment",
              "score__assignment_id")
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
