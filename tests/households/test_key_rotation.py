"""Issue 13 item 8: ciphertexts bound to their member row, the versioned key set and `rotate-id-key`."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.management import CommandError, call_command
from django.urls import reverse

from counterpart.households import ids
from counterpart.households.models import Member
from counterpart.households.services import id_key_rotate
from tests.conftest import login
from tests.households.conftest import Registry, register


def _legacy_token(number: str, master: str) -> str:
    """A ciphertext of the first format: key 1, constant associated data, no binding to the row."""
    nonce = b"\x07" * 12
    sealed = AESGCM(ids._keys(master)[0]).encrypt(nonce, number.encode(), b"counterpart.member.id")
    return "1$" + base64.b64encode(nonce + sealed).decode()


@pytest.fixture
def many(registry: Registry) -> list[Member]:
    for i in range(4):
        register(registry.village2, f"52020110020200{i:02d}", n_members=3)
    return list(Member.objects.order_by("pk"))


def test_rotation_keeps_numbers_and_hashes_and_resumes(
    registry: Registry, many: list[Member], settings: Any
) -> None:
    codec_v1 = ids.codec()
    before = {m.pk: (codec_v1.decrypt(m.id_cipher, m.id_hash), m.id_hash) for m in many}
    legacy = many[0]
    Member.objects.filter(pk=legacy.pk).update(
        id_cipher=_legacy_token(before[legacy.pk][0], ids.DEVELOPMENT_KEY)
    )
    settings.HOUSEHOLD_ID_KEYS = f"1:{ids.DEVELOPMENT_KEY}, 2:the-new-key"

    class Stop(Exception):
        pass

    def stop_after_first_batch(done: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):  # an interrupted run: the first batch is written, the rest is not
        id_key_rotate(batch_size=5, progress=stop_after_first_batch)
    assert Member.objects.filter(id_cipher__startswith="v2$").count() == 5
    err = io.StringIO()
    out = io.StringIO()
    call_command("rotate-id-key", batch_size=4, stdout=out, stderr=err)
    assert f"Key version 2: {len(many) - 5} of {len(many) - 5} members re-encrypted." in out.getvalue()
    assert "members" in err.getvalue()  # the progress bar
    codec_v2 = ids.codec()
    assert codec_v2.version == 2
    after = {m.pk: (codec_v2.decrypt(m.id_cipher, m.id_hash), m.id_hash) for m in Member.objects.all()}
    assert after == before  # same numbers, same hashes
    assert all(m.id_cipher.startswith("v2$") for m in Member.objects.all())
    assert {codec_v2.hash(n) for n, _h in before.values()} == {h for _n, h in before.values()}
    out = io.StringIO()
    call_command("rotate-id-key", stdout=out, quiet=True)
    assert "0 of 0 members re-encrypted" in out.getvalue()  # nothing left: resumable, idempotent
    # the web still reads the rotated numbers and finds them by ID number
    head = registry.household.members.get(relation="head")
    client = login(registry.liupanshui_office)
    assert before[head.pk][0] in client.post(reverse("households:unmask", args=[head.pk])).content.decode()
    found = client.get(reverse("households:list"), {"id_number": before[head.pk][0]}).content.decode()
    assert registry.household.number in found
    # key 1 can now be retired from decryption, the hash key staying the same
    settings.HOUSEHOLD_ID_KEYS = "2:the-new-key"
    settings.HOUSEHOLD_ID_HASH_KEY = ids.DEVELOPMENT_KEY
    assert ids.codec().decrypt(head.id_cipher, head.id_hash) == before[head.pk][0]


def test_a_moved_ciphertext_does_not_decrypt(registry: Registry, many: list[Member], settings: Any) -> None:
    a, b = many[0], many[1]
    Member.objects.filter(pk=b.pk).update(id_cipher=a.id_cipher)
    b.refresh_from_db()
    with pytest.raises(ids.UnreadableIdNumber):
        ids.codec().decrypt(b.id_cipher, b.id_hash)
    client = login(registry.world.assessor, language="en")
    response = client.post(reverse("households:unmask", args=[b.pk]))
    assert response.status_code == 409
    assert "cannot be read" in response.content.decode()
    assert ids.codec().decrypt(a.id_cipher, a.id_hash) not in response.content.decode()
    settings.HOUSEHOLD_ID_KEYS = f"1:{ids.DEVELOPMENT_KEY}, 2:the-new-key"
    with pytest.raises(CommandError, match=f"members {b.pk}"):
        call_command("rotate-id-key", quiet=True, stdout=io.StringIO())
    b.refresh_from_db()
    assert b.id_cipher == a.id_cipher  # left as it was, every other row rotated
    assert Member.objects.exclude(id_cipher__startswith="v2$").count() == 1
