"""The decompressed size of a PDF's streams, measured before pdfminer inflates any of them whole.

pdfminer inflates each stream in one `zlib.decompress` call, so a 2 MB page whose content stream
inflates to 2 GB takes gigabytes before a single line is read. Here every Flate stream but images (which
pdfminer leaves packed) is inflated piecewise, counting bytes and keeping none, up to a total limit.
"""
from __future__ import annotations

import re
import zlib

from .limits import DeclaredTooLarge

# "stream" opening a stream's data (not the end of "endstream"), and what its dictionary may say.
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_DICTIONARY_WINDOW = 4096  # how far back from "stream" its dictionary is looked for
_PIECE = 1 << 20


def check_inflated_size(data: bytes, limit: int) -> None:
    """Raise DeclaredTooLarge when the non-image Flate streams of a PDF inflate to more than limit bytes."""
    total = 0
    for match in _STREAM_START.finditer(data):
        head = data[max(0, match.start() - _DICTIONARY_WINDOW):match.start()]
        dictionary = head[head.rfind(b"obj"):]
        if _IMAGE.search(dictionary) or not _FLATE.search(dictionary):
            continue
        total += _inflated_size(data, match.end(), limit - total)
        if total > limit:
            raise DeclaredTooLarge(f"PDF 中的数据流解压后超过 {limit // (1024 * 1024)} MB,"
                                   "疑似压缩炸弹,已拒绝读取")


def _inflated_size(data: bytes, start: int, budget: int) -> int:
    """Bytes the zlib stream at data[start:] inflates to, counted until it ends or passes budget."""
    inflater = zlib.decompressobj()
    size, position = 0, start
    try:
        while size <= budget and not inflater.eof and position < len(data):
            size += len(inflater.decompress(data[position:position + _PIECE], _PIECE))
            position += _PIECE
            while inflater.unconsumed_tail and size <= budget:
                size += len(inflater.decompress(inflater.unconsumed_tail, _PIECE))
    except zlib.error:
        pass  # a damaged stream: pdfminer decides what it makes of it
    return size
