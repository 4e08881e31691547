"""The press log: every article about the exemplars an officer sees, filtered, exported to Excel,
and the same log through ``/api/v1/press-coverage/``; officers of other units neither see nor add."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from guongsang.core.permissions import Role
from guongsang.nominees import services as nominee_services
from guongsang.stories import services
from guongsang.stories.models import PressCoverage
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
LOG = "/bai-viet/bao-chi/"
API = "/api/v1/press-coverage/"


@pytest.fixture
def dong_da_officer(org_tree):
    """Cán bộ thi đua of Phường Đống Đa: a neighbouring ward's officer."""
    user = UserFactory(username="canbo.dongda", full_name="Vũ Thị Hoa")
    MembershipFactory(user=user, unit=org_tree.dong_da, role=Role.OFFICER)
    return user


@pytest.fixture
def minh(org_tree, records_officer):
    """Lê Văn Minh, an exemplar of Phường Đống Đa."""
    return nominee_services.create_nominee(
        records_officer, full_name="Lê Văn Minh", birth_year=1980, unit=org_tree.dong_da
    )


@pytest.fixture
def log(lan, minh, writer, dong_da_officer):
    """Three articles: two about Lan (Thanh Xuân), one about Minh (Đống Đa)."""
    return [
        services.record_coverage(
            writer,
            lan,
            outlet="Báo Nhân Dân",
            title="Cô giáo của lớp học tình thương",
            published_on=dt.date(2025, 11, 20),
            url="https://nhandan.vn/co-giao-lan",
        ),
        services.record_coverage(
            writer, lan, outlet="Báo Hà Nội Mới", title='=HYPERLINK("x")', published_on=dt.date(2026, 3, 2)
        ),
        services.record_coverage(
            dong_da_officer,
            minh,
            outlet="Báo Nhân Dân",
            title="Người thợ điện tốt bụng",
            published_on=dt.date(2026, 5, 9),
        ),
    ]


def _titles(response) -> list[str]:
    return [row["title"] for row in response.json()["items"]]


def test_officer_sees_only_their_wards_articles_editor_sees_the_city(client, log, writer, editor):
    client.force_login(writer)
    page = client.get(LOG).content.decode()
    assert "Cô giáo của lớp học tình thương" in page and "Người thợ điện tốt bụng" not in page
    client.force_login(editor)
    page = client.get(LOG).content.decode()
    assert "Cô giáo của lớp học tình thương" in page and "Người thợ điện tốt bụng" in page


def test_page_filters_by_outlet_year_unit_and_exemplar(client, log, editor, org_tree, lan):
    client.force_login(editor)

    def shown(**params) -> set[str]:
        page = client.get(LOG, params).content.decode()
        titles = {"Cô giáo của lớp học tình thương", "Người thợ điện tốt bụng", "=HYPERLINK"}
        return {t for t in titles if t in page.replace("&quot;", '"')}

    assert shown(outlet="Báo Nhân Dân") == {"Cô giáo của lớp học tình thương", "Người thợ điện tốt bụng"}
    assert shown(year=2026) == {"=HYPERLINK", "Người thợ điện tốt bụng"}
    assert shown(unit=org_tree.dong_da.pk) == {"Người thợ điện tốt bụng"}
    assert shown(q="pham thi lan") == {"Cô giáo của lớp học tình thương", "=HYPERLINK"}
    assert shown(nominee=lan.pk, year=2025) == {"Cô giáo của lớp học tình thương"}
    assert shown(unit="99999999999999999999", year="abc") == shown()  # nonsense filters are ignored


def test_export_has_the_filtered_rows_with_real_dates_and_no_formulas(client, log, editor):
    client.force_login(editor)
    response = client.get(f"{LOG}xuat-excel/", {"outlet": "Báo Hà Nội Mới"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="bao-chi-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Ngày đăng", "Cơ quan báo chí", "Tiêu đề bài báo", "Đường dẫn", "Gương điển hình")
    assert len(rows) == 2
    assert rows[1][0] == dt.datetime(2026, 3, 2) and sheet["A2"].number_format == "DD/MM/YYYY"
    # A title an officer typed stays text: opening the file runs nothing.
    assert sheet["C2"].data_type == "s" and rows[1][4:6] == ("Phạm Thị Lan", "Phường Thanh Xuân")


def test_export_of_an_officer_leaves_out_other_wards(client, log, writer):
    client.force_login(writer)
    sheet = load_workbook(io.BytesIO(client.get(f"{LOG}xuat-excel/").content)).active
    assert {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"Phạm Thị Lan"}


def test_log_is_in_the_menu_and_on_the_stories_page(client, writer):
    client.force_login(writer)
    assert f'href="{LOG}"' in client.get("/").content.decode()
    assert f'href="{LOG}"' in client.get("/bai-viet/").content.decode()


def test_officer_removes_an_article_from_the_page_and_history_keeps_it(client, log, writer):
    client.force_login(writer)
    entry = log[0]
    response = client.post(f"{LOG}bai/{entry.pk}/xoa/", {"next": f"{LOG}?year=2025"})
    assert response.status_code == 302 and response["Location"] == f"{LOG}?year=2025"
    assert not PressCoverage.objects.filter(pk=entry.pk).exists()
    removed = PressCoverage.history.filter(id=entry.pk, history_type="-").get()
    assert removed.history_user == writer and removed.outlet == "Báo Nhân Dân"


def test_officer_of_another_ward_cannot_see_add_or_remove(client, log, lan, dong_da_officer):
    client.force_login(dong_da_officer)
    assert client.get(f"{LOG}{lan.pk}/").status_code == 404
    assert client.post(f"{LOG}bai/{log[0].pk}/xoa/").status_code == 404
    assert "Cô giáo của lớp học tình thương" not in client.get(LOG).content.decode()
    assert PressCoverage.objects.filter(pk=log[0].pk).exists()


def test_appraiser_sees_the_log_but_may_not_remove(client, log, city_appraiser):
    client.force_login(city_appraiser)
    page = client.get(LOG).content.decode()
    assert "Người thợ điện tốt bụng" in page and "/xoa/" not in page
    assert client.post(f"{LOG}bai/{log[0].pk}/xoa/").status_code == 403


def test_page_queries_do_not_grow_with_rows(client, log, editor, lan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(LOG).status_code == 200
        return len(context)

    few = queries()
    for day in range(1, 21):
        services.record_coverage(editor, lan, outlet=f"Báo số {day}", published_on=dt.date(2026, 1, day))
    assert queries() == few <= 20


# --- API --------------------------------------------------------------------------------------


def test_api_lists_with_filters(api_client, log, editor, org_tree):
    api = api_client(editor)
    assert len(_titles(api.get(API))) == 3
    assert _titles(api.get(API, {"outlet": "Báo Nhân Dân", "year": 2026})) == ["Người thợ điện tốt bụng"]
    assert _titles(api.get(API, {"unit": org_tree.thanh_xuan.pk, "q": "lan"})) == [
        '=HYPERLINK("x")',
        "Cô giáo của lớp học tình thương",
    ]
    row = api.get(API, {"unit": org_tree.dong_da.pk}).json()["items"][0]
    assert row["nominee"]["full_name"] == "Lê Văn Minh" and row["unit"]["name"] == "Phường Đống Đa"
    assert row["published_on"] == "2026-05-09"


def test_api_officer_records_reads_and_removes_an_article(api_client, writer, lan):
    api = api_client(writer)
    created = api.post(
        API,
        {
            "nominee": lan.pk,
            "outlet": "Báo Tuổi Trẻ Thủ đô",
            "published_on": "2026-04-01",
            "title": "Lớp học sáng đèn",
            "url": "https://tuoitrethudo.vn/lop-hoc",
        },
    )
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    assert created.json()["recorded_by"] == str(writer)
    assert api.get(f"{API}{entry_id}").json()["url"] == "https://tuoitrethudo.vn/lop-hoc"
    removed = api.client.delete(f"{API}{entry_id}", headers=api._headers())
    assert removed.status_code == 204
    assert api.get(f"{API}{entry_id}").status_code == 404
    assert PressCoverage.history.get(id=entry_id, history_type="-").history_user == writer


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.vn/a", "data:text/html,x"])
def test_api_refuses_a_link_that_is_not_http(api_client, writer, lan, url):
    response = api_client(writer).post(
        API, {"nominee": lan.pk, "outlet": "Báo", "published_on": "2026-04-01", "url": url}
    )
    body = response.json()
    assert response.status_code == 422 and body["code"] == "validation_error"
    assert body["message"] == "Đường dẫn phải bắt đầu bằng http:// hoặc https://."
    assert [e["field"] for e in body["errors"]] == ["url"]
    assert not PressCoverage.objects.exists()


def test_api_refuses_a_future_date_and_the_same_link_twice(api_client, writer, lan, log):
    api = api_client(writer)
    future = api.post(API, {"nominee": lan.pk, "outlet": "Báo", "published_on": "2100-01-01"})
    assert future.status_code == 422 and future.json()["message"] == "Ngày đăng không được sau ngày hôm nay."
    again = api.post(
        API,
        {"nominee": lan.pk, "outlet": "Báo khác", "published_on": "2026-01-01", "url": log[0].url},
    )
    assert again.status_code == 422 and "đã được ghi nhận" in again.json()["message"]


def test_api_officer_of_another_ward_cannot_see_or_add(api_client, log, lan, dong_da_officer):
    api = api_client(dong_da_officer)
    assert _titles(api.get(API)) == ["Người thợ điện tốt bụng"]
    assert _titles(api.get(API, {"nominee": lan.pk})) == []
    assert api.get(f"{API}{log[0].pk}").status_code == 404
    refused = api.post(API, {"nominee": lan.pk, "outlet": "Báo", "published_on": "2026-04-01"})
    assert refused.status_code == 422 and refused.json()["code"] == "nominee_not_found"
    assert "không có quyền xem" in refused.json()["message"]
    gone = api.client.delete(f"{API}{log[0].pk}", headers=api._headers())
    assert gone.status_code == 404
    assert PressCoverage.objects.filter(nominee=lan).count() == 2


def test_api_appraiser_who_sees_the_person_may_not_add_or_remove(api_client, log, lan, city_appraiser):
    api = api_client(city_appraiser)
    refused = api.post(API, {"nominee": lan.pk, "outlet": "Báo", "published_on": "2026-04-01"})
    assert refused.status_code == 403 and refused.json() == {
        "code": "forbidden",
        "message": "Bạn không có quyền ghi nhận bài báo cho người này.",
    }
    kept = api.client.delete(f"{API}{log[0].pk}", headers=api._headers())
    assert kept.status_code == 403 and kept.json()["code"] == "forbidden"
    assert PressCoverage.objects.filter(pk=log[0].pk).exists()


def test_api_needs_a_token(api_client, log):
    assert api_client().get(API).status_code == 401
