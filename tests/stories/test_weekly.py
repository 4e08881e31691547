"""The weekly propagation list: compiled by the city's editors, issued with its directive, and
propagated by the wards, whose coverage the editors see."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from guongsang.stories import selectors, weekly
from guongsang.stories.models import PropagationReport, WeeklySelection

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_week():
    iso = timezone.localdate().isocalendar()
    return iso.year, iso.week


@pytest.fixture
def selection(editor, org_tree, published, lan, this_week):
    year, week = this_week
    return weekly.create_selection(
        editor,
        org_tree.hanoi,
        year=year,
        week=week,
        nominees=[lan],
        stories=[published],
        signer_title="Phó Chủ tịch",
        signer_name="Nguyễn Văn Ký",
    )


def test_editor_compiles_and_issues_the_list(selection, editor, writer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issued = weekly.issue_selection(editor, selection)
    assert issued.status == WeeklySelection.Status.ISSUED and issued.number == 1
    assert "Danh sách tuyên truyền tuần" in writer.notifications.get().title


def test_only_editors_compile_lists(writer, org_tree, this_week):
    with pytest.raises(PermissionDenied):
        weekly.create_selection(writer, org_tree.thanh_xuan, year=this_week[0], week=this_week[1])


def test_one_list_per_unit_and_week(selection, editor, org_tree, this_week):
    with pytest.raises(ValidationError):
        weekly.create_selection(editor, org_tree.hanoi, year=this_week[0], week=this_week[1])


def test_week_must_exist(editor, org_tree):
    with pytest.raises(ValidationError) as refused:
        weekly.create_selection(editor, org_tree.hanoi, year=2025, week=53)
    assert "không có tuần 53" in " ".join(refused.value.messages)


def test_person_without_portal_consent_cannot_be_listed(editor, org_tree, hung, this_week):
    with pytest.raises(ValidationError) as refused:
        weekly.create_selection(editor, org_tree.hanoi, year=this_week[0], week=this_week[1], nominees=[hung])
    assert "Đoàn Văn Hùng" in " ".join(refused.value.messages)


def test_draft_story_cannot_be_listed(editor, org_tree, make_story, this_week):
    with pytest.raises(ValidationError):
        weekly.create_selection(
            editor, org_tree.hanoi, year=this_week[0], week=this_week[1], stories=[make_story()]
        )


def test_directive_is_a_docx_in_the_decree_format(selection, editor):
    issued = weekly.issue_selection(editor, selection)
    document = Document(io.BytesIO(weekly.directive_docx(issued)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    everything = text + "\n" + cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything
    assert "Độc lập - Tự do - Hạnh phúc" in everything
    assert "Số: 01/UBND-VHTT" in everything
    assert f"V/v tuyên truyền gương điển hình tiên tiến, người tốt, việc tốt tuần {issued.week}" in everything
    assert "Hà Nội, ngày" in everything
    assert "Phạm Thị Lan" in everything and issued.stories.get().title in everything
    assert "Phường Thanh Xuân" in everything  # among the addressees and in the lists
    assert "NGUYỄN VĂN KÝ" in everything.upper() and "Nơi nhận:" in everything
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert "https://guongsang.example.vn/tin-tuc/bai-viet/" in everything


def test_wards_record_propagation_and_editors_see_coverage(selection, editor, writer, ward_editor, org_tree):
    weekly.issue_selection(editor, selection)
    weekly.record_propagation(
        writer,
        selection,
        org_tree.thanh_xuan,
        kind=PropagationReport.Kind.POST,
        held_on=timezone.localdate(),
        url="https://thanhxuan.hanoi.gov.vn/tin/1",
    )
    weekly.record_propagation(
        ward_editor,
        selection,
        org_tree.thanh_xuan,
        kind=PropagationReport.Kind.BROADCAST,
        held_on=timezone.localdate(),
    )
    rows = {row["unit"].name: row["reports"] for row in selectors.coverage_by_unit(selection)}
    assert len(rows["Phường Thanh Xuân"]) == 2
    assert rows["Phường Đống Đa"] == [] and rows["Phường Ba Đình"] == []


def test_a_ward_cannot_report_for_another(selection, editor, writer, org_tree):
    weekly.issue_selection(editor, selection)
    with pytest.raises(PermissionDenied):
        weekly.record_propagation(
            writer, selection, org_tree.dong_da, kind="meeting", held_on=timezone.localdate()
        )


def test_a_post_needs_its_link(selection, editor, writer, org_tree):
    weekly.issue_selection(editor, selection)
    with pytest.raises(ValidationError) as refused:
        weekly.record_propagation(
            writer, selection, org_tree.thanh_xuan, kind="post", held_on=timezone.localdate()
        )
    assert "đường dẫn" in " ".join(refused.value.messages)


def test_reports_wait_for_issue(selection, writer, org_tree):
    with pytest.raises(ValidationError):
        weekly.record_propagation(
            writer, selection, org_tree.thanh_xuan, kind="meeting", held_on=timezone.localdate()
        )


def test_future_date_is_refused(selection, editor, writer, org_tree):
    weekly.issue_selection(editor, selection)
    with pytest.raises(ValidationError):
        weekly.record_propagation(
            writer,
            selection,
            org_tree.thanh_xuan,
            kind="meeting",
            held_on=timezone.localdate() + dt.timedelta(days=3),
        )


def test_ward_sees_the_citys_list(selection, editor, writer):
    weekly.issue_selection(editor, selection)
    assert selection in selectors.selections_for(writer)


def test_weekly_pages_and_api(selection, editor, writer, client, api_client, org_tree):
    client.force_login(editor)
    page = client.get(selection.get_absolute_url())
    assert page.status_code == 200 and "Phạm Thị Lan" in page.content.decode()
    assert client.post(f"/bai-viet/tuyen-truyen-tuan/{selection.pk}/ban-hanh/").status_code == 302
    docx = client.get(f"/bai-viet/tuyen-truyen-tuan/{selection.pk}/cong-van.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    response = api_client(writer).post(
        f"/api/v1/weekly-selections/{selection.pk}/reports",
        {"unit": org_tree.thanh_xuan.pk, "kind": "meeting", "held_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 201, response.content
    coverage = api_client(editor).get(f"/api/v1/weekly-selections/{selection.pk}/coverage").json()
    reported = {row["unit"]["name"]: len(row["reports"]) for row in coverage}
    assert reported["Phường Thanh Xuân"] == 1 and reported["Phường Đống Đa"] == 0
