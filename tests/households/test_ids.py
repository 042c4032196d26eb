from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from stdnum.cn import ric

from counterpart.households import ids
from tests.households.conftest import make_id


def test_check_character_agrees_with_python_stdnum() -> None:
    for seq in range(200):
        number = make_id("210202", dt.date(1950, 5, 17), seq)
        assert ric.calc_check_digit(number) == number[-1]


def test_real_numbers_stdnum_refuses_for_the_birth_year_are_accepted() -> None:
    # 210202 and 520221 existed only later than these birth years: stdnum's validate refuses them.
    for prefix, birth in (("210202", dt.date(1950, 1, 1)), ("520221", dt.date(1960, 6, 1))):
        number = make_id(prefix, birth, 7)
        assert not ric.is_valid(number)
        assert ids.validate(number) == (number, birth)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("52020119800101123", "18"),
        ("999999198001011234", "region code"),
        ("520201198013011235", "date"),
    ],
)
def test_invalid_numbers_say_why(number: str, reason: str) -> None:
    if reason == "region code" or reason == "date":
        number = number[:17] + ids.check_character(number[:17])
    with pytest.raises(ids.InvalidIdNumber, match=reason):
        ids.validate(number)


def test_wrong_check_character_is_refused() -> None:
    number = make_id()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ids.InvalidIdNumber, match="check character"):
        ids.validate(wrong)


def test_encryption_round_trip_and_masking() -> None:
    number = make_id()
    codec = ids.codec()
    digest = codec.hash(number)
    token = codec.encrypt(number, digest)
    assert number not in token
    assert token.startswith("v1$")
    assert codec.decrypt(token, digest) == number
    assert codec.encrypt(number, digest) != token  # a fresh nonce each time
    assert codec.hash(number) == ids.lookup_hash(f" {number.lower()} ")
    assert ids.mask(number) == number[:6] + "*" * 12


def test_a_ciphertext_is_bound_to_its_member_and_its_key_version() -> None:
    codec = ids.IdCodec(keys={1: "old-key", 2: "new-key"}, hash_master="old-key")
    number, other = make_id(), make_id()
    token = codec.encrypt(number, codec.hash(number))
    assert token.startswith("v2$")  # the newest key encrypts
    with pytest.raises(ids.UnreadableIdNumber):
        codec.decrypt(token, codec.hash(other))  # moved to another member's row
    forged = "v1$" + token.partition("$")[2]  # the version is part of the associated data
    with pytest.raises(ids.UnreadableIdNumber):
        codec.decrypt(forged, codec.hash(number))
    with pytest.raises(ids.UnreadableIdNumber, match="key version 2"):
        ids.IdCodec(keys={1: "old-key"}, hash_master="old-key").decrypt(token, codec.hash(number))


def test_first_format_tokens_still_decrypt() -> None:
    """`1$…` tokens, sealed before the binding with a constant associated data, read with key 1."""
    import base64

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    number = make_id()
    nonce = b"\x01" * 12
    sealed = AESGCM(ids._keys("old-key")[0]).encrypt(nonce, number.encode(), b"counterpart.member.id")
    legacy = "1$" + base64.b64encode(nonce + sealed).decode()
    codec = ids.IdCodec(keys={1: "old-key", 2: "new-key"}, hash_master="old-key")
    assert codec.decrypt(legacy, "whatever row") == number
    assert not codec.is_current(legacy)


def test_keys_from_settings(settings: Any) -> None:
    settings.HOUSEHOLD_ID_KEY = "first"
    settings.HOUSEHOLD_ID_KEYS = "3:third, 2:second"
    settings.HOUSEHOLD_ID_HASH_KEY = ""
    keys, hash_master = ids.configured_keys()
    assert keys == {1: "first", 2: "second", 3: "third"}
    assert hash_master == "first"  # the hash does not follow the newest key
    assert ids.codec().version == 3
    assert ids.codec().hash("x") == ids.IdCodec("first").hash("x")
    settings.HOUSEHOLD_ID_HASH_KEY = "first"
    settings.HOUSEHOLD_ID_KEY = ""
    settings.HOUSEHOLD_ID_KEYS = "2:second"  # key 1 retired once nothing is sealed with it
    assert ids.codec().hash("x") == ids.IdCodec("first").hash("x")
    settings.HOUSEHOLD_ID_HASH_KEY = ""
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="HOUSEHOLD_ID_HASH_KEY"):
        ids.configured_keys()
    settings.HOUSEHOLD_ID_KEYS = "two:second"
    with pytest.raises(ImproperlyConfigured, match="<version>:<key>"):
        ids.configured_keys()


def test_nonces_are_never_repeated_across_blocks_and_hash_is_the_plain_hmac() -> None:
    import hashlib
    import hmac

    codec = ids.IdCodec("test-key")
    nonces = {codec._nonce() for _ in range(3000)}  # more than one block of nonces
    assert len(nonces) == 3000
    assert all(len(n) == 12 for n in nonces)
    _enc, mac_key = ids._keys("test-key")
    number = make_id()
    assert codec.hash(number) == hmac.new(mac_key, number.encode(), hashlib.sha256).hexdigest()
    assert codec.hash(number) == codec.hash(number)  # the keyed state is copied, not consumed


def test_nonce_block_is_redrawn_after_a_fork(monkeypatch: Any) -> None:
    codec = ids.IdCodec("test-key")
    first = codec._nonce()
    monkeypatch.setattr(ids.os, "getpid", lambda: -1)  # as in a forked child
    drawn: list[int] = []
    real = ids.os.urandom
    monkeypatch.setattr(ids.os, "urandom", lambda n: drawn.append(n) or real(n))
    assert codec._nonce() != first
    assert drawn == [12 * 1024]


@pytest.mark.django_db
def test_the_migration_remasks_stored_numbers_to_the_region_code() -> None:
    import importlib

    from django.apps import apps

    from counterpart.households.models import Member
    from tests.factories import RegionFactory
    from tests.households.conftest import register

    village = RegionFactory(code="520201100201", level="village")
    household = register(village, "H-1", n_members=2)
    numbers = {m.pk: ids.codec().decrypt(m.id_cipher, m.id_hash) for m in household.members.all()}
    for pk, number in numbers.items():  # as the former mask stored them
        Member.objects.filter(pk=pk).update(id_masked=number[:6] + "********" + number[-4:])
    migration = importlib.import_module("counterpart.households.migrations.0008_mask_region_code_only")
    migration.remask(apps, None)
    assert {m.pk: m.id_masked for m in Member.objects.all()} == {
        pk: number[:6] + "*" * 12 for pk, number in numbers.items()
    }
