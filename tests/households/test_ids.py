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
    token = codec.encrypt(number)
    assert number not in token
    assert codec.decrypt(token) == number
    assert codec.encrypt(number) != token  # a fresh nonce each time
    assert codec.hash(number) == ids.lookup_hash(f" {number.lower()} ")
    assert ids.mask(number) == number[:6] + "********" + number[-4:]


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
