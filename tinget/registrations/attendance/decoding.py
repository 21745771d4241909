"""Bytes to text, and text to rows: the encodings and separators Teams reports come in."""

from __future__ import annotations

import codecs
import csv
import unicodedata

from .model import AttendanceReportError


def decode_report(data: bytes) -> str:
    """Text of the report: UTF-16 LE/BE with or without a BOM, UTF-8 with or without one.

    Raises AttendanceReportError("binary") for a file that is not text (a PDF, an image,
    an Excel workbook).
    """
    text = _decode(data)
    sample = text[:4000]
    odd = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\r\n")
    )
    if sample and odd > len(sample) * 0.02:
        raise AttendanceReportError("binary")
    return text


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", errors="replace")
    # Without a BOM, UTF-16 text that is mostly Latin has a zero in every other byte: after
    # each character in little-endian, before it in big-endian.
    sample = data[:4096]
    half = len(sample) // 2
    if half:
        zeros_even = sample[0::2].count(0)
        zeros_odd = sample[1::2].count(0)
        if zeros_odd > half * 0.3 and zeros_odd > zeros_even * 2:
            return data.decode("utf-16-le", errors="replace")
        if zeros_even > half * 0.3 and zeros_even > zeros_odd * 2:
            return data.decode("utf-16-be", errors="replace")
    if b"\x00" in sample:
        raise AttendanceReportError("binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # A report saved again by an old spreadsheet program on Windows.
        return data.decode("cp1252", errors="replace")


def split_rows(lines: list[str], delimiter: str) -> list[list[str]]:
    return [list(row) for row in csv.reader(lines, delimiter=delimiter)]


def detect_delimiter(lines: list[str]) -> str:
    """Tab, semicolon or comma: the one that splits the most lines into several cells.

    Ties go to tab, then semicolon: timestamps such as "15/11/22, 09:30:17" hold commas, so a
    comma is the separator only when nothing else splits the lines.
    """
    nonblank = [line for line in lines if line.strip()]
    best, best_score = "\t", -1
    for delimiter in ("\t", ";", ","):
        if delimiter not in "".join(nonblank):
            continue
        rows = split_rows(nonblank, delimiter)
        score = sum(1 for row in rows if sum(1 for cell in row if cell.strip()) >= 2)
        if score > best_score:
            best, best_score = delimiter, score
    return best
