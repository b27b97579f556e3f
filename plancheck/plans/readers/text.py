"""Plain-text plans: decode reliably (UTF-8 with or without BOM, UTF-16, GB18030/GBK, Big5), split into lines."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..document import Document, Line
from ..errors import PlanInputError

_EAST_ASIAN = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_FEWEST_HANZI_TO_JUDGE = 10
_UNKNOWN_ENCODING = "无法识别文件编码(不是 UTF-8、GB18030、Big5 或 UTF-16),请另存为 UTF-8 后再试"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: Chinese text in UTF-16 has no NUL pairs but ASCII has one NUL per char."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > half * 0.3 and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls == 0:
        return "utf-16-be"
    return None


def _utf16_by_reading(data: bytes) -> str | None:
    """UTF-16 without a BOM whose NULs fall on both byte positions (`一` is U+4E00): the byte order
    whose text reads as Chinese, punctuation and ASCII, or None when neither does."""
    if len(data) < 4 or len(data) % 2:
        return None
    readings = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.append((_readable_share(text[:20000]), text))
    share, text = max(readings, key=lambda r: r[0], default=(0.0, ""))
    # Read in the wrong byte order, ASCII turns into rare hanzi and hanzi into any character at all.
    return text if share >= 0.9 else None


def _readable_share(text: str) -> float:
    """Share of the visible characters that are ASCII, CJK or full-width punctuation, or GB2312/Big5 hanzi."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    readable = 0
    for ch in visible:
        if "!" <= ch <= "~" or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e" or "\u2010" <= ch <= "\u2027":
            readable += 1
        elif "\u4e00" <= ch <= "\u9fff":
            for encoding in ("gb2312", "big5"):
                try:
                    ch.encode(encoding)
                except UnicodeEncodeError:
                    continue
                readable += 1
                break
    return readable / len(visible)


def _cjk_share(text: str) -> float:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if not ch.isspace())
    return cjk / letters if letters else 0.0


def _common_share(text: str, encoding: str) -> float:
    """Share of the hanzi in text that are everyday characters of that encoding's script.

    GB2312 level 1 holds the 3,755 commonest simplified characters and Big5 level 1 the 5,401
    commonest traditional ones; bytes decoded with the wrong codec land mostly outside them.
    """
    # Private-use characters count against a reading: GB18030 maps Big5 bytes to them, real text has none.
    hanzi = [ch for ch in text if "\u4e00" <= ch <= "\u9fff" or "\ue000" <= ch <= "\uf8ff"]
    if not hanzi:
        return 0.0
    common = 0
    for ch in hanzi:
        try:
            code = ch.encode("gb2312" if encoding == "gb18030" else "big5")
        except UnicodeEncodeError:
            continue
        if encoding == "gb18030" and 0xB0 <= code[0] <= 0xD7 or encoding == "big5" and 0xA440 <= int.from_bytes(code, "big") <= 0xC67E:
            common += 1
    return common / len(hanzi)


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes of a Chinese plan, refusing rather than guessing when nothing decodes cleanly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise PlanInputError(path, f"文件以 {encoding.upper()} 标记开头,但内容无法按该编码解码") from exc
    # (Both byte orders of UTF-16 without a BOM are told by their NULs: bytes with none, as most files are,
    # are not copied in halves to count them.)
    has_nul = b"\x00" in data
    utf16 = _looks_like_utf16(data) if has_nul else None
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if has_nul:
        text = _utf16_by_reading(data)
        if text is None:
            raise PlanInputError(path, "文件含有二进制内容,不是文本文件")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _common_share(text, encoding)
        # Simplified text wins ties: GB bytes read as Big5 still hit many level-1 Big5 codes.
        candidates.append((share + (0.15 if encoding == "gb18030" else 0.0), share, text))
    if candidates:
        _, share, text = max(candidates, key=lambda c: c[0])
        # A few hanzi that read as everyday characters either way prove nothing: refuse rather than guess.
        ambiguous = any(other != text and other_share >= 0.6 for _, other_share, other in candidates) \
            and sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < _FEWEST_HANZI_TO_JUDGE
        if not ambiguous and (share >= 0.6 or _cjk_share(text) < 0.05):
            return text
    utf16_text = _utf16_by_reading(data)  # UTF-16 without a BOM and without a NUL: hanzi only, no ASCII
    if utf16_text is not None:
        return utf16_text
    if any(_cjk_share(text) > 0 for _, _, text in candidates):
        raise PlanInputError(path, _UNKNOWN_ENCODING)  # Chinese bytes that no reading above accepted
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # Only for text in no East Asian script at all: a Korean or Japanese reading of Chinese bytes is
    # exactly the garbling to avoid.
    if best is not None and best.encoding and not _EAST_ASIAN.search(str(best)) and best.chaos < 0.1:
        return str(best)
    raise PlanInputError(path, _UNKNOWN_ENCODING)


def read_text(path: Path) -> Document:
    """Read a .txt plan into lines."""
    text = decode_text(path.read_bytes(), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = tuple(Line(raw, None, number) for number, raw in enumerate(text.split("\n"), start=1))
    if not text.strip():  # (the lines are the text's: one of them holds more than white space if it does)
        raise PlanInputError(path, "文件中没有任何文字")
    return Document(path=str(path), format="text", blocks=lines)
