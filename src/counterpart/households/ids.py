"""Resident ID numbers (GB 11643): validation, keyed hash, encryption and masking.

Validation checks the length, the ISO 7064 MOD 11-2 check character, the birth date and that the 6-digit
code exists in python-stdnum's list of codes at all. It does not call `stdnum.cn.ric.validate`: that also
demands the code existed in the holder's birth year, which refuses real numbers (they were first issued in
the 1980s, under the codes of that time), and it scans the code list on every call (≈ 50 µs a row). The
code set is built once per process.

Numbers are stored as AES-GCM ciphertext plus a keyed HMAC-SHA256 for exact lookup (docs/operations.md):

- Encryption keys are a versioned set: HOUSEHOLD_ID_KEYS ("2:secret, 1:older", environment or key file) plus
  HOUSEHOLD_ID_KEY as version 1. The newest version encrypts; every listed version decrypts.
- A ciphertext is `v<version>$<base64(nonce + ciphertext + tag)>`; its associated data is the key version and
  the member's keyed ID hash (known before the insert, unique per member), so a ciphertext copied to another
  member's row does not decrypt. Tokens `1$…` are the first format (constant associated data): they still
  decrypt, and `counterpart rotate-id-key` rewrites them.
- The hash key is HOUSEHOLD_ID_HASH_KEY, by default HOUSEHOLD_ID_KEY (or version 1 of the set): it does not
  follow the encryption key, so rotating that key leaves every hash (lookup, uniqueness) unchanged.

A development key is used only with DEBUG or under tests.
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

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

#: Used only when DEBUG is on or under tests, never in production (see `configured_keys`).
DEVELOPMENT_KEY = "counterpart-household-id-development-key"  # a public development value
#: The version of HOUSEHOLD_ID_KEY (and of the first ciphertext format) in the set of keys.
LEGACY_VERSION = 1
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"  # index: weighted sum mod 11
_LEGACY_AAD = b"counterpart.member.id"


class InvalidIdNumber(ValueError):
    """The reason is a translated sentence fit for a user."""


class UnreadableIdNumber(ValueError):
    """A stored ciphertext that does not decrypt: its key version is not configured, or it belongs to
    another member's row (the associated data differs), or it was altered."""


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


#: Characters of a number shown by the mask: the region code only (docs/roles.md). The 12 hidden characters
#: are the birth date, the sequence and the check character; keeping any of the last four would let a reader
#: who knows the birth year (or the whole birth date) rebuild the number with a few dozen guesses, the check
#: character removing one more unknown digit.
MASK_KEEP = 6


def mask(number: str) -> str:
    value = normalize(number)
    if len(value) <= 10:
        return "*" * len(value)
    return value[:MASK_KEEP] + "*" * (len(value) - MASK_KEEP)


@lru_cache(maxsize=16)
def _keys(master: str) -> tuple[bytes, bytes]:
    root = master.encode()
    enc = hmac.new(root, b"counterpart/member-id/aes-gcm", hashlib.sha256).digest()
    mac = hmac.new(root, b"counterpart/member-id/hmac", hashlib.sha256).digest()
    return enc, mac


def parse_keys(text: str) -> dict[int, str]:
    """`"2:secret, 1:older"` (commas, spaces or newlines between entries) as {version: key}."""
    keys: dict[int, str] = {}
    for entry in text.replace(",", " ").split():
        version, sep, key = entry.partition(":")
        if not sep or not version.isdigit() or not key or int(version) < 1:
            raise ImproperlyConfigured("HOUSEHOLD_ID_KEYS entries are <version>:<key>, version 1 or more.")
        keys[int(version)] = key
    return keys


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, ""))


def configured_keys() -> tuple[dict[int, str], str]:
    """The encryption keys by version and the master of the hash key, from the settings."""
    raw = getattr(settings, "HOUSEHOLD_ID_KEYS", "") or os.environ.get("HOUSEHOLD_ID_KEYS", "")
    keys = dict(raw) if isinstance(raw, dict) else parse_keys(str(raw))
    keys = {int(version): str(key) for version, key in keys.items()}
    legacy = _setting("HOUSEHOLD_ID_KEY")
    if legacy:
        if keys.get(LEGACY_VERSION, legacy) != legacy:
            raise ImproperlyConfigured("HOUSEHOLD_ID_KEY and version 1 of HOUSEHOLD_ID_KEYS differ.")
        keys[LEGACY_VERSION] = legacy
    if not keys:
        if settings.DEBUG or "pytest" in sys.modules:
            keys = {LEGACY_VERSION: DEVELOPMENT_KEY}
        else:
            raise ImproperlyConfigured(
                "HOUSEHOLD_ID_KEY (or HOUSEHOLD_ID_KEYS) must be set (environment) to store resident ID "
                "numbers."
            )
    hash_master = _setting("HOUSEHOLD_ID_HASH_KEY") or keys.get(LEGACY_VERSION, "")
    if not hash_master:
        raise ImproperlyConfigured(
            "HOUSEHOLD_ID_HASH_KEY must be set when HOUSEHOLD_ID_KEYS has no version 1: the lookup hashes "
            "are made with it (see docs/operations.md)."
        )
    return keys, hash_master


class IdCodec:
    """Hash, encrypt and decrypt with the configured keys; one instance serves a whole import.

    `master` (tests, benchmarks) is a single key: version 1, also the hash master."""

    def __init__(
        self, master: str | None = None, *, keys: dict[int, str] | None = None, hash_master: str | None = None
    ) -> None:
        if master is not None:
            keys, hash_master = {LEGACY_VERSION: master}, hash_master or master
        elif keys is None:
            keys, configured_hash = configured_keys()
            hash_master = hash_master or configured_hash
        if not keys or not hash_master:
            raise ImproperlyConfigured("An ID codec needs at least one key and a hash key.")
        self._aeads = {version: AESGCM(_keys(key)[0]) for version, key in keys.items()}
        #: the version that encrypts: the newest configured.
        self.version = max(self._aeads)
        self.prefix = f"v{self.version}$"
        # The keyed state is set up once and copied per number (HMAC key setup is half the cost of a hash).
        self._mac = hmac.new(_keys(hash_master)[1], digestmod=hashlib.sha256)
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

    @staticmethod
    def _aad(version: int, bound_to: str) -> bytes:
        return b"counterpart.member.id|v%d|%s" % (version, bound_to.encode())

    def encrypt(self, number: str, bound_to: str) -> str:
        """Seal `number` with the newest key, bound to `bound_to` (the member's keyed ID hash)."""
        if not bound_to:
            raise ValueError("A ciphertext is bound to its member's ID hash.")
        nonce = self._nonce()
        sealed = self._aeads[self.version].encrypt(nonce, number.encode(), self._aad(self.version, bound_to))
        return f"{self.prefix}{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, bound_to: str) -> str:
        """The number sealed in `token` for the member whose ID hash is `bound_to`, or UnreadableIdNumber."""
        head, _sep, payload = token.partition("$")
        bound = head.startswith("v")
        version_text = head[1:] if bound else head
        if not version_text.isdigit():
            raise UnreadableIdNumber("not an ID-number ciphertext")
        version = int(version_text)
        aead = self._aeads.get(version)
        if aead is None:
            raise UnreadableIdNumber(f"key version {version} is not configured")
        aad = self._aad(version, bound_to) if bound else _LEGACY_AAD
        try:
            raw = base64.b64decode(payload, validate=True)
            return aead.decrypt(raw[:12], raw[12:], aad).decode()
        except (InvalidTag, ValueError) as exc:
            raise UnreadableIdNumber("the ciphertext does not belong to this member or was altered") from exc

    def is_current(self, token: str) -> bool:
        """Whether `token` is sealed with the newest key and bound to its row (nothing to rotate)."""
        return token.startswith(self.prefix)


def codec() -> IdCodec:
    return IdCodec()


def lookup_hash(number: str) -> str:
    """The keyed hash of a number typed into search (normalized first)."""
    return codec().hash(normalize(number))
