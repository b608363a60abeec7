"""整改台账: the rows a county hands to its schools, and carrying its own entries over from last time.

Each row has a hidden matching key (学校标识码, else the name, then 学段 and indicator or item id), so a
re-run with `--ledger 上次的报告.xlsx` keeps 责任单位, 完成时限, 状态 and 备注; an entry no longer needed
reads 已整改, and one whose school is gone reads 学校不在本次数据中."""

from pathlib import Path

from ..errors import InputUnusable

SHEET = "整改清单"
KEY_HEADER = "匹配键"
CARRIED = {"responsible": "责任单位", "deadline": "完成时限", "status": "状态", "note": "备注"}
OPEN, DONE, GONE = "未整改", "已整改", "学校不在本次数据中"
COUNTY = "全县"


def school_id(code, name) -> str:
    return str(code) if code else str(name)


def read_ledger(path) -> dict[str, dict]:
    """key -> the row as last written (the county's own columns and the descriptive ones)."""
    import openpyxl

    from ..reading.container import check_container

    try:  # what the file is (not an .xlsx, a .csv, encrypted…) in the reader's own words
        check_container(Path(path))
    except InputUnusable as e:
        raise InputUnusable(f"无法读取上次的整改台账（--ledger）：{e.message}") from None
    try:
        wb = openpyxl.load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 — any unreadable file is the user's, reported in Chinese
        raise InputUnusable(
            f"无法读取上次的整改台账 {Path(path).name}：文件已损坏或不是 Excel 工作簿（{type(e).__name__}）"
        ) from None
    if SHEET not in wb.sheetnames:
        raise InputUnusable(f"{Path(path).name} 中没有“{SHEET}”工作表，不是本工具写出的报告工作簿")
    rows = wb[SHEET].iter_rows(values_only=True)
    header = None
    out = {}
    for values in rows:
        texts = ["" if v is None else str(v).strip() for v in values]
        if header is None:
            if KEY_HEADER in texts:
                header = {t: j for j, t in enumerate(texts) if t}
            continue
        key = texts[header[KEY_HEADER]] if header[KEY_HEADER] < len(texts) else ""
        if not key:
            continue
        out[key] = {h: (values[j] if j < len(values) else None) for h, j in header.items()}
    wb.close()
    if header is None:
        raise InputUnusable(f"{Path(path).name} 的“{SHEET}”没有“{KEY_HEADER}”列，无法按行对应")
    return out


def met_test(report: dict):
    """key -> whether the new data no longer show its problem: the part's indicator (every part's, for
    a whole-school one) reaches the standard, the CV is within its limit, the item is met or the school
    is no longer among its failing schools. Built only when a previous ledger is given."""
    parts, whole = {}, {}
    for s in report["schools"]:
        who = school_id(s["code"], s["name"])
        for ind, e in s["indicators"].items():
            ok = e["met"] is not False
            parts[(who, s["level"], ind)] = ok
            whole[(who, ind)] = whole.get((who, ind), True) and ok
    cv = {
        (lv, ind): e["met"] is not False for lv, entries in report["cv"].items() for ind, e in entries.items()
    }
    items = {
        i["id"]: (i["status"] == "met", {school_id(f.get("code"), f["name"]) for f in i["failing_schools"]})
        for i in report["items"]
    }

    def met(key: str) -> bool:
        bits = key.split("|")
        if len(bits) == 2:
            ok, failing = items.get(bits[1], (False, set()))
            return ok if bits[0] == COUNTY else bits[0] not in failing
        who, level, ind = bits[0], bits[1], bits[2]
        if ind.startswith("cv:"):
            return cv.get((level, ind[3:]), False)
        if level == "全校":
            return whole.get((who, ind), False)
        return parts.get((who, level, ind), False)

    return met


def carry_over(rows: list[dict], previous: dict[str, dict] | None, present_ids: set[str], met):
    """Copy the county's own columns by key; keep the previous rows no longer planned: 已整改 when the
    new data meet the standard, 学校不在本次数据中 when the school is gone, else as they were."""
    if not previous:
        return rows
    keys = set()
    for r in rows:
        keys.add(r["key"])
        old = previous.get(r["key"])
        if old:
            for field, header in CARRIED.items():
                if old.get(header) not in (None, ""):
                    r[field] = str(old[header])
    for key, old in previous.items():
        if key in keys:
            continue
        who = key.split("|", 1)[0]
        note = _text(old.get("备注"))
        if who != COUNTY and who not in present_ids:
            status = GONE
        elif met(key):
            status = DONE
        else:  # still short, but this time's plan reaches the standard another way
            status = _text(old.get("状态")) or OPEN
            note = "；".join(x for x in (note, "本次方案未列此项") if x)
        rows.append(
            {
                "key": key,
                "school": _text(old.get("学校")),
                "problem": _text(old.get("问题")),
                "measure": _text(old.get("整改措施")),
                "need": _text(old.get("需增加")),
                "money_wan": None,
                "responsible": _text(old.get("责任单位")),
                "deadline": _text(old.get("完成时限")),
                "status": status,
                "note": note,
            }
        )
    return rows


def _text(v):
    return None if v in (None, "") else str(v)
