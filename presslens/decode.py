"""Bytes to text: UTF-8 first, legacy encodings when the bytes say so, binary refused."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio


class InputError(ValueError):
    """An input that cannot be read; the message says what is wrong with it."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A UTF-8 multi-byte sequence: its presence in bytes that fail strict decoding
# means "UTF-8 with a few broken bytes", not a legacy 8-bit encoding.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Legacy encodings we accept from charset-normalizer's guess; anything else
# (e.g. a guess of "utf_16" for random bytes) is treated as not text.
_LEGACY_OK = re.compile(r"^(cp125[0-8]|latin_?1|iso8859_\d+|koi8_[ru]|mac_\w+|cp437|cp850)$")
_LATIN = re.compile(r"^(cp125[02478]|latin_?1|iso8859_(?:[1-4]|9|1[0345]|16)|cp850|cp775|mac_(?:latin2|roman))$")
# Share of control characters above which decoded "text" is really binary.
# Real articles have none; 1% tolerates a stray form feed or two.
_MAX_CONTROL_SHARE = 0.01


def _check_not_binary(text: str, what: str) -> None:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(f"{what} looks binary (control characters), not text")


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode an input file's bytes; return (text, warnings) or raise InputError."""
    if not data.strip():
        raise InputError("empty file" if not data else "file holds only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} after its byte-order mark: {exc.reason}") from exc
            _check_not_binary(text, "file")
            return text, []
    if b"\x00" in data[:65536]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        _check_not_binary(text, "file")
        return text, []

    if _UTF8_MULTIBYTE.search(data):
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        _check_not_binary(text, "file")
        return text, [f"invalid UTF-8: {bad} byte(s) replaced by U+FFFD (first at byte {first_bad})"]

    best = from_bytes(data[:1_000_000]).best()
    if best is None or not _LEGACY_OK.match(best.encoding):
        raise InputError(f"not UTF-8 and no text encoding fits (invalid byte at {first_bad})")
    encoding = best.encoding
    if _LATIN.match(encoding):
        # Among equally clean single-byte Latin decodings charset-normalizer's pick
        # is close to arbitrary (Italian cp1252 came back as cp1258, German as
        # cp1250, turning "è" into "č"). Prefer cp1252, the Western European
        # default, whenever it reads as cleanly.
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None and mess_ratio(western[:100_000]) <= best.chaos + 0.02:
            encoding = "cp1252"
    text = data.decode(encoding, errors="replace")
    _check_not_binary(text, "file")
    return text, [f"not UTF-8: decoded as {encoding}"]
