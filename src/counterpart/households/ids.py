"""Resident ID numbers (GB 11643): validation, keyed hash, encryption and masking.

Validation checks the length, the ISO 7064 MOD 11-2 check character, the birth date and that the 6-digit
code exists in python-stdnum's list of codes at all. It does not call `stdnum.cn.ric.validate`: that also
demands the code existed in the holder's birth year, which refuses real numbers (they were first issued in
the 1980s, under the codes of that time), and it scans the code list on every call (≈ 50 µs a row). The
code set is built once per process.

Numbers are stored as AES-GCM ciphertext plus a keyed HMAC-SHA256 for exact lookup; both keys derive from
the HOUSEHOLD_ID_KEY setting (environment). A development key is used only with DEBUG or under tests.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import sys
import threading
from functools import lru_cache
from operator import mul

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

#: Used only when DEBUG is on or under tests, never in production (see `_master_key`).
DEVELOPMENT_KEY = "counterpart-household-id-development-key"  # a public development value
KEY_VERSION = "1"
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"  # index: weighted sum mod 11
_AAD = b"counterpart.member.id"


class InvalidIdNumber(ValueError):
    """The reason is a translated sentence fit for a user."""


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """Every 6-digit code python-stdnum knows, in any period (built once)."""
    from stdnum import numdb

    codes: set[str] = set()

    def walk(prefixes: list, head: str) -> None:
        for length, low, high, _props, children in prefixes:
            for value in range(int(low), int(high) + 1):
                part = head + str(value).zfill(length)
                if len(part) >= 6:
                    codes.add(part[:6])
                elif children:
                    walk(children, part)

    walk(numdb.get("cn/loc").prefixes, "")
    return frozenset(codes)


def normalize(number: str) -> str:
    return "".join(str(number).split()).upper()


def check_character(first17: str) -> str:
    # map/sum instead of a generator: this runs for every row of an import.
    return _CHECK[sum(map(mul, map(int, first17), _WEIGHTS)) % 11]


@lru_cache(maxsize=1 << 16)
def _birth_date(yyyymmdd: str) -> dt.date | None:
    """The date of 8 digits, or None; cached: a registry has a few tens of thousands of distinct dates."""
    try:
        return dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def validate(number: str, *, today: dt.date | None = None) -> tuple[str, dt.date]:
    """The normalized number and the birth date, or InvalidIdNumber saying why."""
    value = normalize(number)
    if len(value) != 18:
        raise InvalidIdNumber(_("An ID number has 18 characters; this one has %(n)d.") % {"n": len(value)})
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise InvalidIdNumber(_("An ID number is 17 digits and a digit or X."))
    if check_character(value[:17]) != value[17]:
        raise InvalidIdNumber(_("The check character is wrong (a digit was mistyped)."))
    birth = _birth_date(value[6:14])
    if birth is None:
        raise InvalidIdNumber(_("The birth date in the ID number is not a date."))
    if birth.year < 1880 or birth > (today or dt.date.today()):  # noqa: DTZ011  # a calendar date
        raise InvalidIdNumber(_("The birth date in the ID number is impossible."))
    if value[:6] not in known_codes():
        raise InvalidIdNumber(
            _("The region code %(code)s of the ID number does not exist.") % {"code": value[:6]}
        )
    return value, birth


def sex_of(number: str) -> str:
    """ "M" or "F" from the sequence digit (odd: male)."""
    return "M" if int(number[16]) % 2 else "F"


def mask(number: str) -> str:
    value = normalize(number)
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    root = master.encode()
    enc = hmac.new(root, b"counterpart/member-id/aes-gcm", hashlib.sha256).digest()
    mac = hmac.new(root, b"counterpart/member-id/hmac", hashlib.sha256).digest()
    return enc, mac


def _master_key() -> str:
    key = getattr(settings, "HOUSEHOLD_ID_KEY", "") or os.environ.get("HOUSEHOLD_ID_KEY", "")
    if key:
        return key
    if settings.DEBUG or "pytest" in sys.modules:
        return DEVELOPMENT_KEY
    raise ImproperlyConfigured("HOUSEHOLD_ID_KEY must be set (environment) to store resident ID numbers.")


class IdCodec:
    """Hash, encrypt and decrypt with the configured key; one instance serves a whole import."""

    def __init__(self, master: str | None = None) -> None:
        enc, mac = _keys(master or _master_key())
        self._aead = AESGCM(enc)
        # The keyed state is set up once and copied per number (HMAC key setup is half the cost of a hash).
        self._mac = hmac.new(mac, digestmod=hashlib.sha256)
        # Random nonces drawn from the OS in blocks rather than one system call per number. GCM must never
        # repeat a nonce: each is taken once under a lock (threads), and a forked child never reuses its
        # parent's block.
        self._nonce_lock = threading.Lock()
        self._nonces = b""
        self._nonce_at = 0
        self._nonce_pid = 0

    def hash(self, number: str) -> str:
        mac = self._mac.copy()
        mac.update(number.encode())
        return mac.hexdigest()

    def _nonce(self) -> bytes:
        with self._nonce_lock:
            at = self._nonce_at
            if at >= len(self._nonces) or self._nonce_pid != os.getpid():
                self._nonces, at, self._nonce_pid = os.urandom(12 * 1024), 0, os.getpid()
            self._nonce_at = at + 12
            return self._nonces[at : at + 12]

    def encrypt(self, number: str) -> str:
        nonce = self._nonce()
        sealed = self._aead.encrypt(nonce, number.encode(), _AAD)
        return f"{KEY_VERSION}${base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str) -> str:
        _version, _sep, payload = token.partition("$")
        raw = base64.b64decode(payload)
        return self._aead.decrypt(raw[:12], raw[12:], _AAD).decode()


def codec() -> IdCodec:
    return IdCodec()


def lookup_hash(number: str) -> str:
    """The keyed hash of a number typed into search (normalized first)."""
    return codec().hash(normalize(number))
