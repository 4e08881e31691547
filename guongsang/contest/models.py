"""The writing contest: a contest of an organiser unit for a year, its rounds and prizes (data, not
code), the entries, the judges of each round, their assignments and scores, conflicts declared,
and the similarity scans.

Judging is blind: a judge knows an entry only by its ``blind_code``; the author's identity and
contact live on ``Entry`` and are never part of what a judge's page, API or export shows (see
``selectors.blind_entry``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.crypto import EncryptedTextField, mask
from guongsang.core.files import private_storage, random_name
from guongsang.orgs.models import OrgUnit

# A code read out on the phone or copied by hand: no 0/O or 1/I confusion.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _code(prefix: str, length: int = 8) -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
    return f"{prefix}-{body[: length // 2]}-{body[length // 2 :]}"


def new_tracking_code() -> str:
    """The author's handle on an entry: "CT-7K3Q-9MXA"."""
    return _code("CT")


def new_blind_code() -> str:
    """The only name a judge knows an entry by: "BV-4HZP-2W8R". Unrelated to the tracking code
    and to the database id, so neither can be guessed from it."""
    return _code("BV")


def default_criteria() -> list[dict]:
    """The rubric of Hà Nội practice; each round keeps its own copy and may change it."""
    return [
        {"key": "authenticity", "name": "Tính chân thực", "weight": 30, "max": 10},
        {"key": "exemplary", "name": "Tính điển hình và sức lan tỏa", "weight": 30, "max": 10},
        {"key": "writing", "name": "Chất lượng bài viết", "weight": 25, "max": 10},
        {"key": "evidence", "name": "Tư liệu minh chứng", "weight": 15, "max": 10},
    ]


class EntryKind(models.TextChoices):
    ARTICLE = "article", _("Bài viết")
    PRESS = "press", _("Tác phẩm báo chí (đã đăng)")
    VIDEO = "video", _("Video")


def default_kinds() -> list[str]:
    return [EntryKind.ARTICLE, EntryKind.PRESS, EntryKind.VIDEO]


class Contest(models.Model):
    """A yearly writing contest run by an organiser unit (e.g. the city's culture department)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        OPEN = "open", _("Đang nhận bài")
        JUDGING = "judging", _("Đang chấm")
        FINISHED = "finished", _("Đã kết thúc")

    scope_unit_path = "organiser__"

    organiser = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="contests", verbose_name=_("đơn vị tổ chức")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên cuộc thi"), max_length=255)
    rules_text = models.TextField(_("thể lệ"), blank=True)
    eligibility = models.TextField(
        _("đối tượng dự thi"),
        blank=True,
        default="Mọi người đang sống, học tập, làm việc tại địa phương; trừ thành viên Ban Tổ chức và "
        "Ban Giám khảo.",
    )
    min_words = models.PositiveIntegerField(_("số chữ tối thiểu"), default=300)
    max_words = models.PositiveIntegerField(_("số chữ tối đa"), default=2000)
    max_video_minutes = models.PositiveSmallIntegerField(_("thời lượng video tối đa (phút)"), default=7)
    accepted_kinds = models.JSONField(_("thể loại nhận"), default=default_kinds)
    opens_on = models.DateField(_("ngày bắt đầu nhận bài"), null=True, blank=True)
    closes_on = models.DateField(_("hạn nhận bài"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    award_type = models.ForeignKey(
        "awards.AwardType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("danh hiệu đề nghị khi phát hiện"),
        help_text=_("Danh hiệu của hồ sơ nháp lập từ một bài dự thi về người thật, việc thật."),
    )
    results_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc thi viết")
        verbose_name_plural = _("cuộc thi viết")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["organiser", "year"]), models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("contest:detail", args=[self.pk])

    @property
    def accepts_entries(self) -> bool:
        return self.status == self.Status.OPEN


class Round(models.Model):
    """A judging round (sơ khảo, chung khảo): its rubric, how many judges read each entry, how the
    ranking is made. Rounds are ordered; the first takes every entry received, each later one the
    entries the previous round advanced."""

    class Level(models.TextChoices):
        PRELIMINARY = "preliminary", _("Sơ khảo (xã, phường, sở, ngành)")
        SEMIFINAL = "semifinal", _("Bán kết")
        FINAL = "final", _("Chung khảo (thành phố)")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Chuẩn bị")
        SCORING = "scoring", _("Đang chấm")
        CLOSED = "closed", _("Đã khép")

    class Method(models.TextChoices):
        ZSCORE = "zscore", _("Điểm chuẩn hoá theo giám khảo (z-score)")
        MEAN = "mean", _("Điểm trung bình")
        MEDIAN = "median", _("Trung vị")

    scope_unit_path = "contest__organiser__"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên vòng"), max_length=120)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, default=Level.PRELIMINARY)
    judges_per_entry = models.PositiveSmallIntegerField(_("số giám khảo chấm mỗi bài"), default=3)
    max_per_judge = models.PositiveIntegerField(
        _("số bài tối đa mỗi giám khảo"),
        null=True,
        blank=True,
        help_text=_("Để trống: chia đều (chênh lệch không quá 1 bài)."),
    )
    criteria = models.JSONField(_("tiêu chí chấm"), default=default_criteria)
    disagreement_gap = models.DecimalField(
        _("độ vênh điểm cần xem lại"),
        max_digits=5,
        decimal_places=2,
        default=25,
        help_text=_("Trên thang 100: bài có điểm cao nhất và thấp nhất cách nhau từ mức này bị đánh dấu."),
    )
    ranking_method = models.CharField(
        _("cách xếp hạng"), max_length=8, choices=Method.choices, default=Method.ZSCORE
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PREPARING
    )
    assignment_seed = models.BigIntegerField(_("hạt giống phân công"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("phân công lúc"), null=True, blank=True)
    results_at = models.DateTimeField(_("tính kết quả lúc"), null=True, blank=True)
    ends_on = models.DateField(_("hạn chấm"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vòng chấm")
        verbose_name_plural = _("vòng chấm")
        ordering = ["contest", "order"]
        constraints = [models.UniqueConstraint(fields=["contest", "order"], name="contest_round_order")]

    def __str__(self) -> str:
        return f"{self.name} — {self.contest}"

    def get_absolute_url(self) -> str:
        return reverse("contest:round", args=[self.pk])

    @property
    def total_weight(self) -> float:
        return float(sum(c["weight"] for c in self.criteria)) or 1.0


class Prize(models.Model):
    """A prize class and how many of it (Giải Nhất ×1, Giải Nhì ×3…); ``order`` 1 is the highest."""

    scope_unit_path = "contest__organiser__"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="prizes")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên giải"), max_length=120)
    count = models.PositiveSmallIntegerField(_("số giải"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["contest", "order"]
        constraints = [models.UniqueConstraint(fields=["contest", "order"], name="contest_prize_order")]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """An entry: a true story about a real person or collective, by an identified author.

    ``author_phone`` is encrypted; nothing the judges reach carries the author fields.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã nhận")
        DISQUALIFIED = "disqualified", _("Không đủ điều kiện")
        WITHDRAWN = "withdrawn", _("Đã rút")

    scope_unit_path = ("contest__organiser__", "unit__")

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="entries")
    tracking_code = models.CharField(_("mã theo dõi"), max_length=16, unique=True, default=new_tracking_code)
    blind_code = models.CharField(_("mã chấm"), max_length=16, unique=True, default=new_blind_code)
    kind = models.CharField(_("thể loại"), max_length=8, choices=EntryKind.choices, default=EntryKind.ARTICLE)
    author_name = models.CharField(_("họ và tên tác giả"), max_length=255)
    author_address = models.CharField(_("địa chỉ tác giả"), max_length=500)
    author_phone = EncryptedTextField(_("số điện thoại tác giả"))
    author_email = models.EmailField(_("thư điện tử tác giả"), blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_entries",
        verbose_name=_("đơn vị gửi bài"),
    )
    title = models.CharField(_("tên bài"), max_length=300)
    text = models.TextField(_("nội dung"), blank=True)
    word_count = models.PositiveIntegerField(_("số chữ"), default=0)
    press_outlet = models.CharField(_("cơ quan báo chí"), max_length=255, blank=True)
    press_date = models.DateField(_("ngày đăng"), null=True, blank=True)
    press_link = models.URLField(_("đường dẫn bài đã đăng"), max_length=500, blank=True)
    video_link = models.URLField(_("đường dẫn video"), max_length=500, blank=True)
    video_minutes = models.DecimalField(
        _("thời lượng video (phút)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    subject_name = models.CharField(_("nhân vật (người, tập thể)"), max_length=255)
    subject_is_collective = models.BooleanField(_("nhân vật là tập thể"), default=False)
    subject_commune = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="contest_subjects",
        verbose_name=_("xã, phường của nhân vật"),
    )
    subject_place = models.CharField(_("địa chỉ nhân vật"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    status_reason = models.TextField(_("lý do"), blank=True)
    similarity_flagged = models.BooleanField(_("có bài tương đồng"), default=False)
    prize = models.ForeignKey(
        Prize,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="winners",
        verbose_name=_("giải"),
    )
    prize_tie = models.BooleanField(_("đồng hạng ở ranh giới giải"), default=False)
    nomination = models.ForeignKey(
        "nominations.Nomination",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hồ sơ đề nghị đã lập"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["author_phone"])

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        ordering = ["contest", "pk"]
        indexes = [
            models.Index(fields=["contest", "status"]),
            models.Index(fields=["contest", "unit"]),
            models.Index(fields=["contest", "similarity_flagged"]),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contest:entry", args=[self.pk])

    @property
    def author_phone_masked(self) -> str:
        return mask(self.author_phone, keep_start=3, keep_end=3)


def photo_path(instance: EntryPhoto, filename: str) -> str:
    # A random name: a file name must not give the author away to a judge.
    return random_name("contest/photos", filename)


class EntryPhoto(models.Model):
    """A photo sent with an entry (the person, the place, evidence)."""

    scope_unit_path = ("entry__contest__organiser__", "entry__unit__")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("ảnh"), upload_to=photo_path, storage=private_storage, max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)

    class Meta:
        verbose_name = _("ảnh kèm bài dự thi")
        verbose_name_plural = _("ảnh kèm bài dự thi")

    def __str__(self) -> str:
        return f"{self.entry_id}/{self.pk}"


class RoundEntry(models.Model):
    """An entry in a round, with its computed results (stored so that the ranking page of a
    10,000-entry round reads one indexed page instead of recomputing every statistic)."""

    scope_unit_path = "round__contest__organiser__"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_entries")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="round_entries")
    n_scores = models.PositiveSmallIntegerField(_("số phiếu chấm"), default=0)
    mean = models.FloatField(_("điểm trung bình"), null=True, blank=True)
    median = models.FloatField(_("trung vị"), null=True, blank=True)
    zscore = models.FloatField(_("điểm chuẩn hoá"), null=True, blank=True)
    spread = models.FloatField(_("độ vênh"), null=True, blank=True)
    disagreement = models.BooleanField(_("giám khảo vênh nhau"), default=False)
    rank = models.PositiveIntegerField(_("hạng"), null=True, blank=True)
    advanced = models.BooleanField(_("vào vòng sau"), default=False)

    # Recorded: the entry joining or leaving the round and the organiser's decision to advance it
    # (with its rank at that moment). The statistics are derived from the scores, which keep
    # their own history, so recomputing them writes no rows. Nothing here names the author: a
    # row holds the entry's id only, and history is shown to organisers and admins alone.
    history = HistoricalRecords(
        excluded_fields=["n_scores", "mean", "median", "zscore", "spread", "disagreement"]
    )

    class Meta:
        verbose_name = _("bài trong vòng chấm")
        verbose_name_plural = _("bài trong vòng chấm")
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="round_entry_unique")]
        indexes = [
            models.Index(fields=["round", "rank"]),
            models.Index(fields=["round", "disagreement", "rank"]),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.entry_id}"


class Judge(models.Model):
    """A member of a round's jury, and the unit they work in (entries from it are conflicts)."""

    scope_unit_path = "round__contest__organiser__"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_judging"
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị công tác"),
    )
    # Kept by the services (assign, score, conflict, results), so that the round page shows the
    # jury's progress without counting 30,000 assignments on every view.
    assigned_count = models.PositiveIntegerField(_("số bài được giao"), default=0)
    scored_count = models.PositiveIntegerField(_("số bài đã chấm"), default=0)

    # Who sits on the jury and for which unit; the progress counters are bookkeeping.
    history = HistoricalRecords(excluded_fields=["assigned_count", "scored_count"])

    class Meta:
        verbose_name = _("giám khảo")
        verbose_name_plural = _("giám khảo")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="round_judge_unique")]

    def __str__(self) -> str:
        return str(self.user)


class JudgeAssignment(models.Model):
    """One judge reading one entry in one round, with why they were chosen (``why``).

    A judge who declares a conflict is replaced: the assignment becomes ``REPLACED`` (its score,
    if any, no longer counts) and a new one names the replacement and the reason.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang chấm")
        REPLACED = "replaced", _("Đã thay (xung đột lợi ích)")

    scope_unit_path = "round__contest__organiser__"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    why = models.TextField(_("lý do phân công"), blank=True)
    created_at = models.DateTimeField(_("phân công lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("phân công chấm")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="assignment_unique"),
        ]
        indexes = [
            models.Index(fields=["judge", "status"]),
            models.Index(fields=["round", "entry", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.entry.blind_code}"


class Score(models.Model):
    """A judge's marks for one assignment: one value per rubric criterion, the weighted total on
    a 0–100 scale, and a comment."""

    scope_unit_path = "assignment__round__contest__organiser__"

    assignment = models.OneToOneField(JudgeAssignment, on_delete=models.CASCADE, related_name="score")
    values = models.JSONField(_("điểm từng tiêu chí"), default=dict)
    total = models.FloatField(_("tổng điểm (thang 100)"))
    comment = models.TextField(_("nhận xét"), blank=True)
    created_at = models.DateTimeField(_("chấm lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.total:.2f}"


class ConflictDeclaration(models.Model):
    """A judge's declaration that they should not judge an entry (they know the person, the
    author…). It holds for every round of the contest."""

    scope_unit_path = "entry__contest__organiser__"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))
    declared_at = models.DateTimeField(_("khai lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khai báo xung đột lợi ích")
        verbose_name_plural = _("khai báo xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.user} ✕ {self.entry.blind_code}"


class SimilarityRun(models.Model):
    """One scan of a contest's entries for near-duplicates and copies."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang quét")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Thất bại")

    scope_unit_path = "contest__organiser__"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="similarity_runs")
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.RUNNING)
    threshold = models.FloatField(_("ngưỡng trùng lặp"), default=0.5)
    entries_scanned = models.PositiveIntegerField(_("số bài đã quét"), default=0)
    pairs_found = models.PositiveIntegerField(_("số cặp tương đồng"), default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("bắt đầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần quét trùng lặp")
        verbose_name_plural = _("lần quét trùng lặp")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.contest} — {self.started_at:%d/%m/%Y %H:%M}"


class SimilarPair(models.Model):
    """An entry that shares much text with another entry or with an already published story
    (exactly one of ``entry_b`` and ``story``): the estimated similarity, and the overlapping
    passages (a list of ``{"a": "...", "b": "...", "syllables": n}``, ``a`` from ``entry_a``)
    for the jury to read."""

    scope_unit_path = "run__contest__organiser__"

    run = models.ForeignKey(SimilarityRun, on_delete=models.CASCADE, related_name="pairs")
    entry_a = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    entry_b = models.ForeignKey(Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    story = models.ForeignKey(
        "stories.Story",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bài đã đăng"),
    )
    jaccard = models.FloatField(_("độ tương đồng (Jaccard)"))
    containment = models.FloatField(_("tỉ lệ văn bản trùng"))
    passages = models.JSONField(_("đoạn trùng"), default=list)

    class Meta:
        verbose_name = _("cặp bài tương đồng")
        verbose_name_plural = _("cặp bài tương đồng")
        ordering = ["-containment", "pk"]
        indexes = [models.Index(fields=["run", "-containment"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry_b__isnull=False, story__isnull=True)
                | models.Q(entry_b__isnull=True, story__isnull=False),
                name="similar_pair_entry_or_story",
            )
        ]

    def __str__(self) -> str:
        other = f"story {self.story_id}" if self.story_id else self.entry_b_id
        return f"{self.entry_a_id} ~ {other}"
