"""Personal-data keys apart from SECRET_KEY: production requires them, changing SECRET_KEY loses
nothing, and ``manage.py rotate_keys`` re-encrypts and re-hashes real rows with progress."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from guongsang.core import crypto
from guongsang.nominees import selectors, services
from guongsang.nominees.models import Nominee
from tests.nominees.conftest import CCCD, ba_dinh_officer  # noqa: F401

OLD_KEY, NEW_KEY = crypto.generate_encryption_key(), crypto.generate_encryption_key()
OLD_LOOKUP, NEW_LOOKUP = crypto.generate_lookup_key(), crypto.generate_lookup_key()
ROOT = Path(__file__).resolve().parents[2]


def _raw(nominee_id: int) -> tuple[str, str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cccd, phone, email, cccd_index FROM nominees_nominee WHERE id = %s", [nominee_id]
        )
        return cursor.fetchone()


def _finds_duc(nominee) -> bool:
    found = selectors.likely_duplicates("Một tên khác hẳn", cccd=CCCD)
    return [d.nominee.pk for d in found] == [nominee.pk]


# --- Configuration ---------------------------------------------------------------------------------


def test_changing_secret_key_keeps_decrypting_and_finding_duplicates(org_tree, ba_dinh_officer):  # noqa: F811
    person = services.create_nominee(
        ba_dinh_officer, full_name="Nguyễn Văn Đức", unit=org_tree.ba_dinh, cccd=CCCD, email="duc@example.vn"
    )
    with override_settings(SECRET_KEY="a-brand-new-secret-key-after-a-leak-" + "y" * 30):
        # As a restarted server would: nothing cached from before the change.
        for cached in (crypto._fernet, crypto._newest_fernet, crypto._lookup_keys):
            cached.cache_clear()
        reloaded = Nominee.objects.get(pk=person.pk)
        assert reloaded.cccd == CCCD and reloaded.email == "duc@example.vn"
        assert _finds_duc(person)


@pytest.mark.parametrize(
    ("encryption", "lookup", "message"),
    [
        ([], [NEW_LOOKUP], "FIELD_ENCRYPTION_KEYS must be set"),
        ([NEW_KEY], [], "FIELD_LOOKUP_KEYS must be set"),
        ([crypto.DEV_ENCRYPTION_KEY], [NEW_LOOKUP], "development field keys"),
        ([NEW_KEY], [NEW_KEY], "must not share a key"),
        (["not-a-key"], [NEW_LOOKUP], "not a Fernet key"),
        ([NEW_KEY], ["c2hvcnQ="], "at least 32 bytes"),
    ],
)
def test_production_refuses_missing_or_unsafe_keys(encryption, lookup, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto.check_keys(encryption, lookup, production=True)


def test_production_accepts_its_own_keys_and_development_needs_none():
    crypto.check_keys([NEW_KEY, OLD_KEY], [NEW_LOOKUP, OLD_LOOKUP], production=True)
    crypto.check_keys([], [], production=False)


def test_production_settings_refuse_to_start_without_the_keys(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "a-production-secret-key-" + "z" * 40,
        "ALLOWED_HOSTS": "guongsang.example.vn",
        "GUONGSANG_VAR_DIR": str(tmp_path),
    }
    environment.pop("FIELD_ENCRYPTION_KEYS", None)
    environment.pop("FIELD_LOOKUP_KEYS", None)
    run = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and FIELD_LOOKUP_KEYS must be set when DJANGO_ENV=production" in run.stderr


# --- Rotation --------------------------------------------------------------------------------------


@pytest.fixture
def old_rows(org_tree, ba_dinh_officer):  # noqa: F811
    """Three nominees written under the old keys, one with an e-mail."""
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY], FIELD_LOOKUP_KEYS=[OLD_LOOKUP]):
        people = [
            services.create_nominee(
                ba_dinh_officer,
                full_name=name,
                unit=org_tree.ba_dinh,
                cccd=cccd,
                phone="0912345678",
                email="a@example.vn" if i == 0 else "",
            )
            for i, (name, cccd) in enumerate(
                [("Nguyễn Văn Đức", CCCD), ("Trần Thị Hoa", "001090011111"), ("Lê Văn Nam", "")]
            )
        ]
    return people


def test_rotation_reencrypts_and_rehashes_every_row_with_progress(old_rows):
    first = old_rows[0]
    with override_settings(
        FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY], FIELD_LOOKUP_KEYS=[NEW_LOOKUP, OLD_LOOKUP]
    ):
        # During the transition, rows keep reading and duplicates are found by the old hash.
        assert Nominee.objects.get(pk=first.pk).cccd == CCCD
        assert _finds_duc(first)
        out = StringIO()
        call_command("rotate_keys", "--encryption", "--lookup", "--batch-size", "2", stdout=out)
    output = out.getvalue()
    assert "nominees.Nominee: 2/3" in output and "nominees.Nominee: 3/3" in output
    # 3 phones + 2 CCCDs + 1 e-mail re-encrypted; 2 CCCD indexes re-hashed.
    assert "nominees.Nominee: 3 dòng; đã mã hóa lại 6, đã tính lại chỉ mục 2" in output
    new_only = Fernet(NEW_KEY)
    for person in old_rows:
        cccd, phone, email, _index = _raw(person.pk)
        assert new_only.decrypt(phone.encode()) == b"0912345678"
        assert (new_only.decrypt(cccd.encode()).decode() if cccd else "") == person.cccd
        assert (new_only.decrypt(email.encode()).decode() if email else "") == person.email
    # The old keys can go: everything reads, and duplicates are found, with the new ones alone.
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY], FIELD_LOOKUP_KEYS=[NEW_LOOKUP]):
        assert [p.email for p in Nominee.objects.order_by("pk")] == ["a@example.vn", "", ""]
        assert _finds_duc(first)
        for person in old_rows:
            assert _raw(person.pk)[3] == crypto.blind_index(person.cccd)
        call_command("rotate_keys", "--check", "--encryption", "--lookup", stdout=StringIO())


def test_without_rotation_dropping_the_old_key_would_lose_the_data(old_rows):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY], FIELD_LOOKUP_KEYS=[NEW_LOOKUP]):
        with pytest.raises(ValueError, match="cannot decrypt"):
            Nominee.objects.get(pk=old_rows[0].pk)
        assert not selectors.likely_duplicates("Một tên khác hẳn", cccd=CCCD)


def test_check_counts_what_is_left_and_writes_nothing(old_rows):
    before = [_raw(p.pk) for p in old_rows]
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY], FIELD_LOOKUP_KEYS=[OLD_LOOKUP]):
        out = StringIO()
        with pytest.raises(CommandError, match="Còn 6 giá trị"):
            call_command("rotate_keys", "--check", "--encryption", "--lookup", stdout=out)
    assert "cần mã hóa lại 6, cần tính lại chỉ mục 0" in out.getvalue()
    assert [_raw(p.pk) for p in old_rows] == before


def test_a_row_no_key_reads_is_reported_and_left_untouched(old_rows):
    foreign = Fernet(crypto.generate_encryption_key()).encrypt(b"0900000000").decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE nominees_nominee SET phone = %s WHERE id = %s", [foreign, old_rows[2].pk])
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY], FIELD_LOOKUP_KEYS=[NEW_LOOKUP]):
        with pytest.raises(CommandError, match=rf"nominees.Nominee #{old_rows[2].pk} \(phone\)"):
            call_command("rotate_keys", "--encryption", stdout=StringIO())
        # The others were rotated all the same.
        assert Nominee.objects.get(pk=old_rows[0].pk).cccd == CCCD
    assert _raw(old_rows[2].pk)[1] == foreign
    assert Fernet(NEW_KEY).decrypt(_raw(old_rows[0].pk)[1].encode()) == b"0912345678"


def test_legacy_keys_read_data_written_before_the_split(org_tree, ba_dinh_officer):  # noqa: F811
    """An installation that ran with keys derived from SECRET_KEY lists them last, then rotates."""
    secret = "the-production-secret-key-of-an-old-installation-0123456789"
    legacy_encryption, legacy_lookup = crypto.legacy_keys(secret)
    with override_settings(FIELD_ENCRYPTION_KEYS=[legacy_encryption], FIELD_LOOKUP_KEYS=[legacy_lookup]):
        person = services.create_nominee(
            ba_dinh_officer, full_name="Đỗ Văn An", unit=org_tree.ba_dinh, cccd=CCCD
        )
    out = StringIO()
    with override_settings(SECRET_KEY=secret):
        call_command("rotate_keys", "--legacy-keys", stdout=out)
    assert f"FIELD_ENCRYPTION_KEYS=<new>,{legacy_encryption}" in out.getvalue()
    with override_settings(
        FIELD_ENCRYPTION_KEYS=[NEW_KEY, legacy_encryption], FIELD_LOOKUP_KEYS=[NEW_LOOKUP, legacy_lookup]
    ):
        call_command("rotate_keys", "--encryption", "--lookup", stdout=StringIO())
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY], FIELD_LOOKUP_KEYS=[NEW_LOOKUP]):
        assert Nominee.objects.get(pk=person.pk).cccd == CCCD
        assert _finds_duc(person)


def test_generate_prints_fresh_valid_keys():
    out = StringIO()
    call_command("rotate_keys", "--generate", stdout=out)
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    crypto.check_keys([values["FIELD_ENCRYPTION_KEYS"]], [values["FIELD_LOOKUP_KEYS"]], production=True)
