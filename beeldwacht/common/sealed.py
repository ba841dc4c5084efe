"""Sealed files for backups: AES-256-GCM in chunks of 1 MiB, so a backup of many gigabytes
is encrypted and checked without holding it in memory. Each chunk's nonce is the stream's
random prefix, the chunk's number and a flag on the last chunk, and the header is
authenticated with every chunk: a chunk changed, swapped, dropped, or a stream cut short is
refused, never restored. (The STREAM construction of Hoang, Reyhanitabar, Rogaway and
Vizár, 2015.)

The key is 32 random bytes, written as 64 hex characters to the file BACKUP_KEY_FILE names
(`beeldwacht backup --new-key FILE`). It is kept apart from the backups: whoever has both can
read them."""

import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.translation import gettext as _

from beeldwacht.common.errors import InvalidInput

MAGIC = b"BEELDWACHT-SEALED-1\n"
CHUNK = 1 << 20
_PREFIX = 7  # random bytes of the nonce; then 4 for the chunk number, 1 for "last"
_LENGTH = struct.Struct(">I")


def new_key(path: Path) -> None:
    """Write a new key, readable by its owner only; never overwrite one (the backups made
    with it could no longer be read)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_hex(32) + "\n")


def read_key(path: Path | None) -> bytes:
    if path is None:
        raise InvalidInput(
            _(
                "Set BACKUP_KEY_FILE to the file with the backup key "
                "(make one with: beeldwacht backup --new-key FILE)."
            )
        )
    try:
        key = bytes.fromhex(Path(path).read_text().strip())
    except FileNotFoundError:
        message = _("The backup key file %(path)s does not exist.") % {"path": path}
        raise InvalidInput(message) from None
    except ValueError:
        key = b""
    if len(key) != 32:
        raise InvalidInput(
            _("The backup key file %(path)s does not hold a key of 64 hex characters.")
            % {"path": path}
        )
    return key


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, 1 if last else 0)


def seal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Encrypt `source` to `target`, chunk by chunk."""
    cipher = AESGCM(key)
    prefix = secrets.token_bytes(_PREFIX)
    header = MAGIC + prefix
    target.write(header)
    number = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = cipher.encrypt(_nonce(prefix, number, last), chunk, header)
        target.write(_LENGTH.pack(len(sealed)) + sealed)
        if last:
            return
        chunk, number = following, number + 1


def unseal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Decrypt what `seal` wrote; InvalidInput (in Dutch) for a wrong key or a damaged file.
    On failure `target` holds a prefix of the plain text: the caller discards it."""
    damaged = InvalidInput(
        _(
            "The backup cannot be read: the key is not the one it was made with, or the "
            "file is damaged."
        )
    )
    header = source.read(len(MAGIC) + _PREFIX)
    if len(header) != len(MAGIC) + _PREFIX or not header.startswith(MAGIC):
        raise damaged
    cipher, prefix = AESGCM(key), header[len(MAGIC) :]
    number = 0
    while True:
        size = source.read(_LENGTH.size)
        if len(size) != _LENGTH.size:
            raise damaged  # cut short before its last chunk
        (length,) = _LENGTH.unpack(size)
        sealed = source.read(length)
        if len(sealed) != length or length > CHUNK + 16:
            raise damaged
        last = _at_end(source)
        try:
            target.write(cipher.decrypt(_nonce(prefix, number, last), sealed, header))
        except InvalidTag:
            raise damaged from None
        if last:
            return
        number += 1


def _at_end(source: BinaryIO) -> bool:
    position = source.tell()
    at_end = not source.read(1)
    source.seek(position)
    return at_end
