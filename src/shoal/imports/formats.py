"""Telling file formats apart by their header row."""

from __future__ import annotations

import csv
import io

from shoal.imports import shoal_csv, shopify, woocommerce
from shoal.imports.errors import UnknownFileFormat
from shoal.imports.rows import ParsedFile, refuse_repeated_skus

PARSERS = {"shopify": shopify.parse, "shoal": shoal_csv.parse, "woocommerce": woocommerce.parse}


def decode(raw: bytes) -> str:
    """The text of an uploaded file: UTF-8 with or without BOM, else GB18030 (Excel in Chinese saves CSV so)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnknownFileFormat() from exc


def detect(text: str) -> str:
    try:
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    except csv.Error as exc:
        raise UnknownFileFormat() from exc
    if shopify.looks_like_shopify(header):
        return "shopify"
    if shoal_csv.looks_like_shoal(header):
        return "shoal"
    if woocommerce.looks_like_woocommerce(header):
        return "woocommerce"
    raise UnknownFileFormat()


def parse(text: str, fmt: str = "auto") -> ParsedFile:
    chosen = detect(text) if fmt == "auto" else fmt
    if chosen not in PARSERS:
        raise UnknownFileFormat()
    parsed = PARSERS[chosen](text)
    refuse_repeated_skus(parsed.products)
    return parsed
