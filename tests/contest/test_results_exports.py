"""What the contest hands out at the end: the public results page, the prize certificates (PDF)
and the organisers' XLSX exports (entries, scores and comments, conflicts declared)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from guongsang.contest import services
from guongsang.contest.models import Entry, JudgeAssignment
from tests.factories import PASSWORD

AUTHORS = [f"Tác Giả Thứ {n}" for n in range(7)]


@pytest.fixture
def finished(contest, first_round, organiser, send, org_tree):
    """Seven entries judged in one round: a conflict declared, every mark given, prizes
    allocated in rank order (Nhất 1, Nhì 2, Khuyến khích 3: the seventh wins nothing), results
    published."""
    entries = [
        send(
            title=f"Bài số {n}",
            author_name=AUTHORS[n],
            author_phone=f"09130000{n:02d}",
            author_address=f"Số {n + 1} phố Huế, Hà Nội",
        )
        for n in range(7)
    ]
    entries[0].unit = org_tree.chu_van_an
    entries[0].save()
    services.assign_judges(organiser, first_round, seed=11)
    declared = JudgeAssignment.objects.filter(entry=entries[0]).select_related("judge__user").first()
    services.declare_conflict(declared.judge.user, entries[0], "Quen biết tác giả")
    rank_of = {e.pk: n for n, e in enumerate(entries)}
    for a in JudgeAssignment.objects.filter(round=first_round, status="active").select_related("judge__user"):
        mark = 10 - rank_of[a.entry_id]
        services.submit_score(
            a.judge.user, a, {c["key"]: mark for c in first_round.criteria}, comment=f"Nhận xét {mark}"
        )
    services.compute_results(organiser, first_round)
    assert services.allocate_prizes(organiser, first_round) == []
    services.publish_results(organiser, contest)
    return {"entries": entries, "conflict": declared, "round": first_round}


# --- The public results page -------------------------------------------------------------------


def test_results_page_lists_the_winners_by_prize_without_contact_details(client, contest, finished):
    entries = finished["entries"]
    response = client.get(f"/cuoc-thi/{contest.pk}/ket-qua/")
    assert response.status_code == 200
    body = response.content.decode()
    positions = [body.index(name) for name in ("Giải Nhất", "Giải Nhì", "Giải Khuyến khích")]
    assert positions == sorted(positions)
    for n in range(6):
        assert f"Bài số {n}" in body and AUTHORS[n] in body
    assert body.index("Bài số 0") < body.index("Giải Nhì") < body.index("Bài số 1")
    assert "Trường THPT Chu Văn An" in body
    assert "Bài số 6" not in body and AUTHORS[6] not in body
    for entry in entries:
        assert entry.author_phone not in body and "phố Huế" not in body and entry.tracking_code not in body


def test_results_page_is_not_found_before_publication(client, contest, send):
    send()
    assert client.get(f"/cuoc-thi/{contest.pk}/ket-qua/").status_code == 404


def test_index_links_the_published_results(client, contest, finished):
    assert f"/cuoc-thi/{contest.pk}/ket-qua/" in client.get("/cuoc-thi/").content.decode()


# --- Certificates --------------------------------------------------------------------------------


def test_certificate_pdf_opens_and_names_the_winner(client, organiser, finished, tmp_path):
    winner = finished["entries"][0]
    client.login(username=organiser.username, password=PASSWORD)
    response = client.get(f"/cuoc-thi/bai/{winner.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response.content.rstrip().endswith(b"%%EOF")
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) missing: see scripts/system-deps.sh")
    path = tmp_path / "giay.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "GIẤY CHỨNG NHẬN" in text
    assert AUTHORS[0] in text and "Giải Nhất" in text and "Bài số 0" in text


def test_certificate_only_for_winners_and_organisers(client, organiser, judges, finished):
    loser = finished["entries"][6]
    client.login(username=organiser.username, password=PASSWORD)
    assert client.get(f"/cuoc-thi/bai/{loser.pk}/giay-chung-nhan.pdf").status_code == 404
    client.login(username=judges[0].username, password=PASSWORD)
    url = f"/cuoc-thi/bai/{finished['entries'][0].pk}/giay-chung-nhan.pdf"
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


# --- Organisers' exports ---------------------------------------------------------------------------


def _workbook(client, contest, kind):
    response = client.get(f"/cuoc-thi/quan-ly/{contest.pk}/xuat/{kind}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_entries_export_has_every_entry_with_its_author_and_prize(client, organiser, contest, finished):
    client.login(username=organiser.username, password=PASSWORD)
    workbook = _workbook(client, contest, "bai-du-thi")
    assert workbook.sheetnames == ["Bài dự thi"]
    rows = _rows(workbook.active)
    entries = finished["entries"]
    assert [r["Mã theo dõi"] for r in rows] == [e.tracking_code for e in entries]
    first = rows[0]
    assert first["Tác giả"] == AUTHORS[0] and first["Điện thoại"] == "0913000000"
    assert first["Địa chỉ"] == "Số 1 phố Huế, Hà Nội" and first["Giải"] == "Giải Nhất"
    assert first["Đơn vị gửi"] == "Trường THPT Chu Văn An" and first["Mã chấm"] == entries[0].blind_code
    assert rows[6]["Giải"] in (None, "")


def test_scores_export_has_every_mark_comment_and_replacement(client, organiser, contest, finished):
    client.login(username=organiser.username, password=PASSWORD)
    workbook = _workbook(client, contest, "diem")
    round_ = finished["round"]
    assert workbook.sheetnames == [r.name for r in contest.rounds.order_by("order")]
    rows = _rows(workbook[round_.name])
    assert len(rows) == JudgeAssignment.objects.filter(round=round_).count() == 7 * 3 + 1
    replaced = [r for r in rows if r["Phân công"] == "Đã thay (xung đột lợi ích)"]
    conflict = finished["conflict"]
    assert len(replaced) == 1 and replaced[0]["Mã chấm"] == conflict.entry.blind_code
    assert replaced[0]["Giám khảo"] == conflict.judge.user.get_full_name()
    assert "Quen biết tác giả" in replaced[0]["Lý do phân công"]
    scored = [r for r in rows if r["Phân công"] == "Đang chấm"]
    assert len(scored) == 21
    winner = finished["entries"][0]
    for row in (r for r in scored if r["Mã theo dõi"] == winner.tracking_code):
        assert row["Tổng (thang 100)"] == 100 and row["Nhận xét"] == "Nhận xét 10"
        assert row["Tính chân thực (/10, ×30)"] == 10


def test_conflicts_export_lists_each_declaration(client, organiser, contest, finished):
    client.login(username=organiser.username, password=PASSWORD)
    rows = _rows(_workbook(client, contest, "xung-dot").active)
    conflict = finished["conflict"]
    assert len(rows) == 1
    assert rows[0]["Mã chấm"] == conflict.entry.blind_code
    assert rows[0]["Giám khảo"] == conflict.judge.user.get_full_name()
    assert rows[0]["Lý do"] == "Quen biết tác giả" and rows[0]["Khai lúc"]


def test_exports_are_refused_to_a_judge_with_a_message(client, judges, contest, finished):
    client.login(username=judges[0].username, password=PASSWORD)
    for kind in ("bai-du-thi", "diem", "xung-dot"):
        response = client.get(f"/cuoc-thi/quan-ly/{contest.pk}/xuat/{kind}/")
        assert response.status_code == 403 and "Ban Tổ chức" in response.content.decode()


def test_published_results_survive_in_the_entry_status(contest, finished):
    winner = Entry.objects.get(pk=finished["entries"][0].pk)
    assert winner.prize.name == "Giải Nhất" and contest.entries.filter(prize__isnull=False).count() == 6
