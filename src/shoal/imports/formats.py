"""Telling file formats apart by their header row."""

from __future__ import annotations

import csv
import io

from shoal.core.csv_text import decode_csv
from shoal.imports import shoal_csv, shopify, skus, woocommerce
from shoal.imports.errors import UnknownFileFormat
from shoal.imports.rows import ParsedFile, refuse_repeated_skus

PARSERS = {"shopify": shopify.parse, "shoal": shoal_csv.parse, "woocommerce": woocommerce.parse}
# Formats whose SKU is the variant's identity (Shoal's own); other shops' SKUs may repeat, so their
# variants are found by handle and option values and a repeated or taken SKU is changed, not refused.
SKU_IS_IDENTITY = {"shoal"}


def decode(raw: bytes) -> str:
    """The text of an uploaded file: UTF-8 with or without BOM, else GB18030 (Excel in Chinese saves CSV so)."""
    try:
        return decode_csv(raw)
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
    if chosen in SKU_IS_IDENTITY:
        refuse_repeated_skus(parsed.products)
    else:
        skus.suffix_repeated(parsed.products)
    return parsed
