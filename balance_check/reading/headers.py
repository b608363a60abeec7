"""Header matching: normalise what county staff type, then map through the standard's aliases."""

import re
import unicodedata

from .aliases import ALIASES

_BRACKETS = re.compile(r"[(\[{<《【〔]([^)\]}>》】〕]*)[)\]}>》】〕]")
# Word variants that mean the same in any header (the fields' own aliases live in the standard).
_SYNONYMS = [tuple(pair) for pair in ALIASES["header_synonyms"]]


def normalise(text) -> tuple[str, str]:
    """Return (base, unit): full-width folded, spaces and line breaks removed, a bracketed unit split off.

    "教学仪器设备值\n（万元）" -> ("教学仪器设备值", "万元")."""
    if text is None:
        return "", ""
    s = unicodedata.normalize("NFKC", str(text))
    for a, b in _SYNONYMS:
        s = s.replace(unicodedata.normalize("NFKC", a), b)
    s = re.sub(r"\s+", "", s)
    units = _BRACKETS.findall(s)
    base = _BRACKETS.sub("", s)
    base = base.rstrip(":：*").strip()
    return base, (units[-1] if units else "")


class HeaderMatcher:
    """Maps a normalised header text to a field key of the standard."""

    def __init__(self, fields: list[dict], name_key: str = "header"):
        self._lookup: dict[str, str] = {}
        for f in fields:
            for text in [f[name_key], *f.get("aliases", [])]:
                self._lookup.setdefault(normalise(text)[0], f["key"])

    def match(self, text) -> tuple[str | None, str]:
        base, unit = normalise(text)
        return self._lookup.get(base), unit
