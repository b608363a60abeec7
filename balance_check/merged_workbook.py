"""The combined county workbook that `merge` writes: the template's format holding every school read.

Values are written as the reader understood them (canonical headers and units, 万元 already in 元); a
cell the reader could not use keeps what the school wrote, so the county can still correct it. Identical
copies of a school appear once; differing copies all appear, for the county to decide."""

from pathlib import Path

from .reading import InputData
from .standard import Standard
from .template import write_template

_ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


def merged_fill(data: InputData, standard: Standard) -> dict:
    keys = [spec["key"] for spec in standard.data["school_fields"]]
    frame = data.schools.copy()
    if "type_label" in frame:  # the canonical label where the reader recognised the type
        frame["type"] = frame["type_label"].where(frame["type_label"].notna(), frame["type"])
    frame = frame.astype(object).where(frame.notna(), None)
    rows = frame[["file", "row", *keys]].to_dict("records")
    # what was written in the cells the reader could not use (text in a number column, and so on)
    written = {
        (p.file, p.row, p.field): p.value
        for p in data.problems.items
        if p.severity == "error" and p.field in keys and p.value is not None
    }
    if written:
        for r in rows:
            for key in keys:
                if r[key] is None and (r["file"], r["row"], key) in written:
                    r[key] = str(written[(r["file"], r["row"], key)])
    county = {k: (e.get("value"), e.get("evidence")) for k, e in data.county.items()}
    quality = [(q["subject"], _ROMAN.get(q["level"]), q["diff"]) for q in data.quality or []]
    return {"schools": rows, "county": county, "quality": quality}


def write_merged(data: InputData, standard: Standard, path) -> Path:
    return write_template(standard, path, merged_fill(data, standard))
