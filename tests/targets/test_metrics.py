"""The metric registry: each app's metric counts a subtree's records, one query for all units."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.awards.models import AwardType, Recognition
from guongsang.stories.models import Story
from guongsang.targets import metrics
from guongsang.targets.metrics import Buckets

Y2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_the_apps_register_their_metrics():
    assert {
        "recognitions",
        "proposals_upward",
        "stories_published",
        "weekly_appearances",
        "contest_entries",
        "movements_launched",
    } <= set(metrics.REGISTRY)


def test_recognitions_count_the_subtree_and_not_the_rest(org_tree, recognise):
    for _ in range(2):
        recognise(org_tree.thanh_xuan)
    recognise(org_tree.dong_da)
    recognise(org_tree.hanoi)  # the city's own people
    recognise(org_tree.bao_thang)  # another province
    recognise(org_tree.thanh_xuan, year=2023)  # another year
    recognise(org_tree.thanh_xuan, status=Recognition.Status.REVOKED)
    counts = metrics.get("recognitions")(
        Buckets([org_tree.hanoi, org_tree.thanh_xuan, org_tree.ba_dinh, org_tree.laocai]), *Y2024
    )
    assert counts == {
        org_tree.hanoi.pk: 4,
        org_tree.thanh_xuan.pk: 2,
        org_tree.ba_dinh.pk: 0,
        org_tree.laocai.pk: 1,
    }


def test_recognitions_by_level(org_tree, recognise):
    recognise(org_tree.thanh_xuan, level=AwardType.Level.COMMUNE)
    recognise(org_tree.thanh_xuan, level=AwardType.Level.PROVINCE)
    counts = metrics.get("recognitions")(
        Buckets([org_tree.thanh_xuan]), *Y2024, level=AwardType.Level.COMMUNE
    )
    assert counts == {org_tree.thanh_xuan.pk: 1}


def test_a_merged_away_units_records_count_under_its_successor(org_tree, merged_ward, launch):
    launch(merged_ward, dt.date(2024, 3, 1))
    launch(org_tree.thanh_xuan, dt.date(2024, 9, 1))
    launch(org_tree.dong_da, dt.date(2024, 9, 1))
    siblings = [org_tree.thanh_xuan, org_tree.dong_da, org_tree.ba_dinh]
    counts = metrics.get("movements_launched")(Buckets(siblings), *Y2024)
    assert counts == {org_tree.thanh_xuan.pk: 2, org_tree.dong_da.pk: 1, org_tree.ba_dinh.pk: 0}
    # The city counts it once (the predecessor is in its subtree already).
    assert metrics.get("movements_launched")(Buckets([org_tree.hanoi]), *Y2024) == {org_tree.hanoi.pk: 3}


def test_a_predecessor_in_another_bucket_goes_to_its_successor(org_tree, launch):
    from guongsang.orgs.models import UnitSuccession

    # Ba Đình merged into Thanh Xuân (an invented merge): its movement moves bucket.
    UnitSuccession.objects.create(
        predecessor=org_tree.ba_dinh,
        successor=org_tree.thanh_xuan,
        kind="merge",
        effective_date=dt.date(2025, 7, 1),
    )
    launch(org_tree.ba_dinh, dt.date(2024, 3, 1))
    counts = metrics.get("movements_launched")(Buckets([org_tree.thanh_xuan, org_tree.ba_dinh]), *Y2024)
    assert counts == {org_tree.thanh_xuan.pk: 1, org_tree.ba_dinh.pk: 0}


def test_stories_published_in_the_period_only(org_tree, publish):
    publish(org_tree.dong_da, dt.date(2024, 5, 1))
    publish(org_tree.dong_da, dt.date(2025, 1, 2))
    publish(org_tree.dong_da, dt.date(2024, 5, 1), status=Story.Status.UNPUBLISHED)
    counts = metrics.get("stories_published")(Buckets([org_tree.dong_da, org_tree.thanh_xuan]), *Y2024)
    assert counts == {org_tree.dong_da.pk: 1, org_tree.thanh_xuan.pk: 0}


@pytest.mark.parametrize(
    "name",
    [
        "recognitions",
        "proposals_upward",
        "stories_published",
        "weekly_appearances",
        "contest_entries",
        "movements_launched",
    ],
)
def test_each_metric_is_one_query_for_any_number_of_units(
    org_tree, merged_ward, django_assert_num_queries, name
):
    buckets = Buckets([org_tree.thanh_xuan, org_tree.dong_da, org_tree.ba_dinh, org_tree.so_noi_vu])
    assert buckets.inherited  # the merged ward's subtree is part of Thanh Xuân's bucket
    with django_assert_num_queries(1):
        metrics.get(name)(buckets, *Y2024)


def test_nested_buckets_count_a_merged_units_records_in_each(
    org_tree, merged_ward, launch, django_assert_num_queries
):
    launch(merged_ward, dt.date(2024, 3, 1))
    buckets = Buckets([org_tree.hanoi, org_tree.thanh_xuan])
    with django_assert_num_queries(1):
        counts = metrics.get("movements_launched")(buckets, *Y2024)
    assert counts == {org_tree.hanoi.pk: 1, org_tree.thanh_xuan.pk: 1}
