"""How wide a text is in a gap-workbook cell and how many lines it needs there when wrapped: the rule
for one text (`text_width`, `lines_needed`), and the same rule for a whole column at once.

A national workbook measures a few million texts (school names, problems, measures, gaps). A Python
call per text cost about 6 s at 200,000 schools; a column is encoded here in one call and measured with
numpy instead. tests/test_xlsx_lines.py checks the column rule against the rule for one text."""

import math
from itertools import repeat
from operator import contains

import numpy as np

BLOCK = 16384  # texts encoded at a time: a few MB


def text_width(text: str) -> int:
    """Width in Excel character units: a Chinese character takes two. GBK spends two bytes on exactly
    those characters (and on full-width signs such as ㎡ and —), and its C codec is fast on long columns."""
    return len(text.encode("gbk", "replace"))


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` character units needs for `text` (explicit breaks counted)."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def text_widths(texts: list[str]) -> np.ndarray:
    """text_width of every text, as an array."""
    return _measure(texts)[0]


def _measure(texts: list[str]) -> tuple[np.ndarray, list[int]]:
    """(text_width of every text, the positions of the texts that hold a line break). The texts are
    encoded together, joined by line breaks: GBK encodes a character at a time, and a line break is the
    byte 0x0A, which is neither the first nor the second byte of any two-byte character, so the bytes
    between two of them are one text's. A block of texts in which some text holds a line break itself
    (the count of them tells) is measured text by text."""
    widths = np.empty(len(texts), dtype=np.int64)
    broken = []
    for start in range(0, len(texts), BLOCK):
        block = texts[start : start + BLOCK]
        encoded = np.frombuffer("\n".join(block).encode("gbk", "replace"), dtype=np.uint8)
        breaks = np.flatnonzero(encoded == 0x0A)
        if len(breaks) == len(block) - 1:
            widths[start : start + len(block)] = np.diff(breaks, prepend=-1, append=len(encoded)) - 1
        else:
            widths[start : start + len(block)] = list(map(text_width, block))
            inside = np.fromiter(map(contains, block, repeat("\n")), dtype=bool, count=len(block))
            broken += (np.flatnonzero(inside) + start).tolist()
    return widths, broken


def column_lines(values: list, width: float) -> np.ndarray:
    """lines_needed of each text of a column in a wrapped cell of `width` (1 for values that are not
    text), a column at a time: only the texts with explicit line breaks are measured one by one."""
    n = len(values)
    lines = np.ones(n, dtype=np.int64)
    kinds = set(map(type, values))
    if not any(issubclass(k, str) for k in kinds):
        return lines
    texts = values if kinds == {str} else [v if isinstance(v, str) else "" for v in values]
    widths, broken = _measure(texts)
    np.maximum(lines, np.ceil(widths / max(width - 1, 1)).astype(np.int64), out=lines)
    for i in broken:
        lines[i] = lines_needed(texts[i], width)
    return lines
