"""The text of an uploaded CSV file, whichever way a spreadsheet saved it."""

from __future__ import annotations


def decode_csv(raw: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (Excel in Chinese saves CSV so); ``UnicodeDecodeError`` if neither."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")
