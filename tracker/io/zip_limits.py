"""Refuse a zip bomb before reading it: every limit is checked against the zip's directory.

An .xlsx is a zip. A few megabytes can hold a sheet of a gigabyte (millions of one repeated
row), which a reader that only counts rows parses for minutes with gigabytes of memory. The zip
directory says how big every part unpacks to before one byte is unpacked, so a bomb is refused
in milliseconds:

- the directory itself must be small (a zip of a million empty entries costs memory just to
  list; a real workbook has tens of parts),
- no part may unpack beyond the size limit, nor all parts together beyond twice it,
- no big part may unpack to more than ``MAX_RATIO`` times its packed size. Real sheets pack
  7 to 15 times (measured on this app's own exports and reports); a bomb packs hundreds of
  times.

A directory can lie (declare a small size for a part that unpacks to more). Python's zipfile
stops each part at the size its directory declares and then fails its CRC check, so the lie
ends as "damaged" after reading no more than was declared; :func:`open_part` adds a byte
count of its own for the readers here, so the bound does not rest on that alone.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from typing import IO, Any, BinaryIO

MAX_RATIO = 100
RATIO_FLOOR = 1_000_000  # parts smaller than this may pack as tightly as they like
MAX_ENTRIES = 10_000
MAX_DIRECTORY_BYTES = 4_000_000

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_TAIL = 22 + 65_535 + 20  # the end record, its longest comment, and the zip64 locator


class ZipLimitError(ValueError):
    """The archive is refused; ``str(e)`` is the reason, to follow "Cannot read 'x': "."""


def _directory_size(stream: BinaryIO) -> tuple[int, int] | None:
    """(entries, directory bytes) from the end records, or None when there is no end record
    (then zipfile itself reports the file as damaged)."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - _TAIL))
    tail = stream.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory = struct.unpack("<xxxxxxxxxxHI", tail[at:at + 16])
    if entries == 0xFFFF or directory == 0xFFFFFFFF:  # zip64: the real figures are elsewhere
        locator = tail.rfind(_ZIP64_LOCATOR, 0, at)
        if locator < 0:
            return None
        (offset,) = struct.unpack("<Q", tail[locator + 8:locator + 16])
        stream.seek(offset)
        record = stream.read(56)
        if not record.startswith(_ZIP64_EOCD) or len(record) < 56:
            return None
        entries, directory = struct.unpack("<QQ", record[32:48])
    return entries, directory


def _size(n: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}".replace(".0 ", " ")
    return f"{n:,} bytes"


def check_archive(path: Path, *, max_part_bytes: int, max_ratio: int = MAX_RATIO,
                  names: tuple[str, ...] | None = None) -> list[zipfile.ZipInfo]:
    """The archive's parts, after refusing a bomb (ZipLimitError) or a damaged zip
    (zipfile.BadZipFile). ``names`` limits the size checks to parts whose name ends in one of
    them (a .zip of CSV files: only the .csv parts are ever unpacked)."""
    with open(path, "rb") as stream:
        found = _directory_size(stream)
        if found is not None:
            entries, directory = found
            if entries > MAX_ENTRIES or directory > MAX_DIRECTORY_BYTES:
                raise ZipLimitError(f"it lists {entries:,} parts ({_size(directory)} of zip directory); "
                                    f"a workbook has a few dozen, so it was refused unread")
        members = zipfile.ZipFile(stream).infolist()
    total = 0
    for info in members:
        if names is not None and not info.filename.lower().endswith(names):
            continue
        unpacked, packed = info.file_size, info.compress_size
        if unpacked > max_part_bytes:
            raise ZipLimitError(f"its part '{info.filename}' unpacks to more than the limit of "
                                f"{_size(max_part_bytes)} ({_size(unpacked)}); it was refused unread")
        if unpacked > RATIO_FLOOR and unpacked > max_ratio * max(packed, 1):
            raise ZipLimitError(f"its part '{info.filename}' would unpack from {_size(packed)} to "
                                f"{_size(unpacked)} ({unpacked // max(packed, 1):,} times; real "
                                f"files pack about 10 times): a \"zip bomb\", refused unread")
        total += unpacked
        if total > 2 * max_part_bytes:
            raise ZipLimitError(f"its parts unpack to more than {_size(2 * max_part_bytes)} "
                                "together; it was refused unread")
    return members


class _Counted(io.RawIOBase):
    """A part's bytes, refused once more come out than its directory declared."""

    def __init__(self, raw: IO[bytes], name: str, declared: int):
        self._raw, self._name, self._left = raw, name, declared

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # a writable buffer (memoryview, bytearray)
        data = self._raw.read(len(buffer))
        self._left -= len(data)
        if self._left < 0:
            raise ZipLimitError(f"its part '{self._name}' holds more than its zip directory "
                                "declares (a damaged or forged zip); reading stopped")
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo | str) -> io.BufferedReader:
    """Open one part for reading, stopping at the size its directory declares."""
    if isinstance(info, str):
        info = archive.getinfo(info)
    return io.BufferedReader(_Counted(archive.open(info), info.filename, info.file_size), 1 << 20)
