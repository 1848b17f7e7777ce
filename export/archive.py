"""Deterministic zip archives: the same files give the same bytes, every time.

Entries are sorted, dated 1980-01-01, with fixed permissions; a path that is absolute,
climbs with `..` or uses a backslash is refused, so no package can write outside the folder
an LMS unpacks it into.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import PurePosixPath

FIXED_DATE = (1980, 1, 1, 0, 0, 0)


class UnsafePath(ValueError):
    pass


def check_member(name: str) -> str:
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or path.is_absolute()
        or ".." in path.parts
        or name != path.as_posix()
    ):
        raise UnsafePath(name)
    return name


def build_zip(files: Mapping[str, bytes]) -> bytes:
    """A zip of {archive path: content}, byte-identical for identical input."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(check_member(name), date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine builds it
            archive.writestr(info, files[name])
    return buffer.getvalue()
