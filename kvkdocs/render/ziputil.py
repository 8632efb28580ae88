"""A small ZIP writer that copies unchanged members without recompressing them.

``zipfile`` can read a member's raw deflated bytes only through its internals
and cannot write them back, so every document of a batch would recompress
the template's unchanged parts (styles.xml alone is 350 kB). Here the raw
bytes of each template member are read once; each document then writes them
as they are and deflates only the parts it changed. Timestamps are fixed and
members keep the template's order, so the same input gives the same bytes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass

_DOS_TIME, _DOS_DATE = 0, (1 << 5) | 1  # 1980-01-01 00:00, the earliest a ZIP can say
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


@dataclass(frozen=True)
class RawMember:
    """One ZIP member as stored: name, method, CRC, sizes and the stored bytes."""

    name: str
    method: int
    crc: int
    size: int
    data: bytes

    def payload(self) -> bytes:
        """The member's uncompressed content."""
        return zlib.decompress(self.data, -15) if self.method == zipfile.ZIP_DEFLATED else self.data

    @classmethod
    def deflate(cls, name: str, payload: bytes, level: int = 6) -> RawMember:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = compressor.compress(payload) + compressor.flush()
        return cls(name, zipfile.ZIP_DEFLATED, zlib.crc32(payload), len(payload), data)


def read_raw(path: str) -> list[RawMember]:
    """Every member of a ZIP file with its stored (still compressed) bytes, in order."""
    members = []
    with zipfile.ZipFile(path) as archive, open(path, "rb") as fh:
        for info in archive.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
                payload = archive.read(info)  # unusual method or encrypted: rewrite it plainly
                members.append(RawMember.deflate(info.filename, payload))
                continue
            fh.seek(info.header_offset)
            header = fh.read(_LOCAL.size)
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            fh.seek(info.header_offset + _LOCAL.size + name_len + extra_len)
            data = fh.read(info.compress_size)
            members.append(RawMember(info.filename, info.compress_type, info.CRC, info.file_size, data))
    return members


def write_zip(members: list[RawMember]) -> bytes:
    """The bytes of a ZIP archive holding ``members`` in the given order."""
    body, central, offset = [], [], 0
    time_, date_ = _DOS_TIME, _DOS_DATE
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0x800  # names are UTF-8
        local = _LOCAL.pack(0x04034B50, 20, flags, m.method, time_, date_, m.crc, len(m.data), m.size, len(name), 0)
        body += [local, name, m.data]
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, flags, m.method, time_, date_, m.crc, len(m.data),
                                     m.size, len(name), 0, 0, 0, 0, 0, offset) + name)
        offset += len(local) + len(name) + len(m.data)
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(body) + directory + end
