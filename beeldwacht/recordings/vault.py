"""Classroom recordings at rest: encrypted in chunks of 1 MiB with AES-256-GCM, so a player
can ask for any range (HTTP Range) and only the chunks it covers are read and decrypted. A
chunk's nonce is the file's random prefix and the chunk's number; its associated data binds
it to the recording and says whether it is the last, so chunks can be neither swapped,
moved between recordings, nor cut off unnoticed.

Keys come from settings.RECORDING_KEYS (id -> 32 bytes); new files use the first. Rotation:
put a new key first and keep the old one until the last recording it encrypted is destroyed
(30 days at most, docs/deploy.md)."""

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files import File

CHUNK = 1024 * 1024
TAG = 16


class DamagedRecording(Exception):
    """A chunk failed its check: the stored file was changed or cut short."""


@dataclass(frozen=True)
class Sealed:
    name: str  # in the private storage
    key_id: str
    nonce_prefix: bytes  # 8 random bytes, the file's own
    size: int  # of the plaintext
    sha256: str  # of the plaintext, kept after destruction


def _key(key_id: str) -> AESGCM:
    try:
        return AESGCM(settings.RECORDING_KEYS[key_id])
    except KeyError as error:
        raise DamagedRecording(f"no key {key_id!r} in RECORDING_KEYS") from error


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + index.to_bytes(4, "big")


def _aad(recording_id: str, index: int, last: bool) -> bytes:
    return f"{recording_id}:{index}:{'last' if last else 'more'}".encode()


def seal(source, *, storage, name: str, recording_id: str) -> Sealed:
    """Encrypt `source` (a file object, read once) into storage under `name`."""
    key_id = next(iter(settings.RECORDING_KEYS))
    aes, prefix = _key(key_id), os.urandom(8)
    digest, size = hashlib.sha256(), 0
    with tempfile.TemporaryFile() as out:
        chunk, index = source.read(CHUNK), 0
        while True:
            following = source.read(CHUNK)
            last = not following
            digest.update(chunk)
            size += len(chunk)
            out.write(aes.encrypt(_nonce(prefix, index), chunk, _aad(recording_id, index, last)))
            if last:
                break
            chunk, index = following, index + 1
        out.seek(0)
        stored = storage.save(name, File(out))
    return Sealed(stored, key_id, prefix, size, digest.hexdigest())


def read_range(
    handle, *, key_id: str, nonce_prefix: bytes, size: int, recording_id: str, start: int, end: int
) -> Iterator[bytes]:
    """The plaintext bytes start..end (inclusive) of a sealed file open in `handle`,
    decrypting only the chunks they lie in."""
    aes = _key(key_id)
    chunks = max(1, -(-size // CHUNK))
    for index in range(start // CHUNK, end // CHUNK + 1):
        handle.seek(index * (CHUNK + TAG))
        sealed = handle.read(CHUNK + TAG)
        try:
            plain = aes.decrypt(
                _nonce(nonce_prefix, index), sealed, _aad(recording_id, index, index == chunks - 1)
            )
        except Exception as error:  # InvalidTag: changed, swapped or cut short
            raise DamagedRecording(f"chunk {index} failed its check") from error
        first = start - index * CHUNK if index == start // CHUNK else 0
        stop = end - index * CHUNK + 1 if index == end // CHUNK else len(plain)
        yield plain[first:stop]
