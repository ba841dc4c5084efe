"""The vault: what is stored is not what was uploaded, any range reads back exactly, and a
changed, swapped or shortened file is refused."""

import io
import os

import pytest
from django.core.files.storage import FileSystemStorage

from beeldwacht.recordings import vault

DATA = os.urandom(vault.CHUNK * 2 + 12345)  # two full chunks and a short last one


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


@pytest.fixture
def sealed(storage):
    return vault.seal(io.BytesIO(DATA), storage=storage, name="les.mp4", recording_id="r1")


def _read(storage, sealed, start, end, recording_id="r1"):
    with storage.open(sealed.name, "rb") as handle:
        return b"".join(
            vault.read_range(
                handle,
                key_id=sealed.key_id,
                nonce_prefix=sealed.nonce_prefix,
                size=sealed.size,
                recording_id=recording_id,
                start=start,
                end=end,
            )
        )


def test_the_stored_bytes_are_not_the_upload(storage, sealed):
    stored = storage.open(sealed.name, "rb").read()
    assert sealed.size == len(DATA)
    assert DATA[:4096] not in stored and DATA[-4096:] not in stored
    assert len(stored) == len(DATA) + 3 * vault.TAG


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (0, len(DATA) - 1),  # all of it
        (0, 1),  # the first bytes a player asks for
        (vault.CHUNK - 5, vault.CHUNK + 5),  # across a chunk border
        (len(DATA) - 100, len(DATA) - 1),  # the end (where an MP4's index may be)
    ],
)
def test_any_range_reads_back_exactly(storage, sealed, start, end):
    assert _read(storage, sealed, start, end) == DATA[start : end + 1]


def test_a_changed_or_misplaced_file_is_refused(storage, sealed):
    with pytest.raises(vault.DamagedRecording):
        _read(storage, sealed, 0, 10, recording_id="r2")  # another recording's file
    path = storage.path(sealed.name)
    with open(path, "r+b") as handle:
        handle.seek(100)
        byte = handle.read(1)
        handle.seek(100)
        handle.write(bytes([byte[0] ^ 1]))  # one bit changed
    with pytest.raises(vault.DamagedRecording):
        _read(storage, sealed, 0, 10)
    with open(path, "r+b") as handle:
        handle.truncate(2 * (vault.CHUNK + vault.TAG))  # the short last chunk cut off
    with pytest.raises(vault.DamagedRecording):
        _read(storage, sealed, len(DATA) - 10, len(DATA) - 1)
