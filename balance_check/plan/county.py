"""What each failing county item needs, in its own terms.

County facts: how many more teachers to rotate, how many percentage points to gain, how much a salary
must rise. School data: the school and the excess (size and class size are not fixed by additions),
special rooms to add or rebuild to the minimum area, teachers to certify."""

import functools
import math
from functools import partial

import numpy as np

from .. import boundary
from ..evaluate import special
from ..evaluate.county_items import _fact, _label, _show
from ..evaluate.items import _targets
from ..evaluate.school_items import room_needs, size_limits
from ..standard import Standard
from .actions import BUILD, TRAIN
from .arrays import flags, school_columns
from .costs import Costs
from .table import CountySchools
from .words import format_rows


def _n(v) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def county_measures(
    report_items, data, schools, standard: Standard, costs: Costs, cases=(), base=None
) -> list[dict]:
    """What each failing county item needs. `base`: the schools' code, name and row arrays, when already
    taken (arrays.school_columns)."""
    by_id = {i["id"]: i for i in standard.items}
    out = []
    listing = _Listing(schools, base)
    for item in report_items:
        if item["status"] == "met":
            continue
        spec = by_id[item["id"]]
        overrides = [(special.applies(schools, c), c) for c in cases if _targets(c, item["id"])]
        entry = {
            "item": item["id"],
            "title": item["title"],
            "status": item["status"],
            "measures": [],
            "schools": [],
            "cost_yuan": None,
        }
        if item["status"] == "missing":
            entry["measures"].append(f"补报“{item['title']}”的数据和佐证材料（{item['detail']}）")
            out.append(entry)
            continue
        raised: dict = {}  # a fact raised by an earlier condition of the same item (交流轮岗 → 骨干比例)
        for cond in spec["conditions"]:
            cond = {**cond, "overrides": overrides} if overrides else cond
            _measure(cond, entry, data, listing, standard, costs, raised)
        entry["schools"] = CountySchools(entry["schools"])  # the blocks of columns, read as records
        out.append(entry)
    return out


def _value(county, key, raised):
    v, _ = _fact(county, key)
    return None if v is None else v + raised.get(key, 0)


def _measure(cond, entry, data, listing, standard, costs, raised) -> None:
    kind, county, add = cond["kind"], data.county, entry["measures"].append
    if kind == "attestation":
        v, _ = _fact(county, cond["fact"])
        if v is False:
            add(f"落实“{_label(standard, cond['fact'])}”，达到“是”")
    elif kind == "absent":
        v, _ = _fact(county, cond["fact"])
        if v is True:
            add(f"消除“{_label(standard, cond['fact'])}”问题（否决项）")
    elif kind == "at_least":
        v, unit = _fact(county, cond["fact"])[0], cond.get("unit", "")
        if v is not None and not boundary.reaches(v, cond["min"]):
            label = cond.get("label") or _label(standard, cond["fact"])
            if unit == "%":
                gap = round((cond["min"] - v) * 100, 2)
                now, want = _show(v, "%"), _show(cond["min"], "%")
                add(f"{label}需提高 {gap:g} 个百分点（现为 {now}，标准 ≥ {want}）")
            else:
                add(f"{label}需提高 {_n(cond['min'] - v)}{unit}（现为 {_show(v, unit)}）")
    elif kind == "compare":
        v, other = _fact(county, cond["fact"])[0], _fact(county, cond["other"])[0]
        if v is not None and other is not None and not boundary.reaches(v, other):
            unit = cond.get("unit", "")
            add(
                f"{_label(standard, cond['fact'])}需提高 {_n(other - v)}{unit}，"
                f"达到{_label(standard, cond['other'])}（{_show(other, unit)}）"
            )
    elif kind == "ratio_at_least":
        num, den = _value(county, cond["numerator"], raised), _value(county, cond["denominator"], raised)
        if num is not None and den and not boundary.reaches(num, cond["min"] * den):
            more = math.ceil(cond["min"] * den - num - boundary.REL_TOL * den)
            raised[cond["numerator"]] = raised.get(cond["numerator"], 0) + more
            add(
                f"再安排 {more} 名{_label(standard, cond['numerator']).removesuffix('数')}"
                f"（{cond.get('label', '比例')}达到 {cond['min']:.0%}：{num + more:g}/{den:g}）"
            )
    elif kind == "years_since":
        year, ref = _fact(county, cond["fact"])[0], _fact(county, cond["reference"])[0]
        if year is not None and ref is not None and ref - year < cond["min_years"]:
            wait = cond["min_years"] - (ref - year)
            add(f"距满足年限尚差 {wait} 年，须待满 {cond['min_years']} 年后申请评估")
    elif kind == "quality_monitoring":
        add("提升相关科目学业水平、缩小校际差异（依据国家义务教育质量监测结果）")
    elif kind == "school_rooms":
        _rooms(cond, entry, listing, standard, costs, data.errors)
    elif kind == "school_max":
        _excess(cond, entry, listing, standard)
    elif kind == "school_ratio_sum":
        _certificates(cond, entry, listing, data, costs)


class _Listing:
    """The schools frame, and its code, name and row columns as arrays, taken once, when an item first
    lists schools (a province's schools frame has fifty columns; its names are pandas strings)."""

    def __init__(self, schools, base=None):
        self.schools = schools
        self.base = base

    @functools.cached_property
    def columns(self) -> tuple:
        base = school_columns(self.schools) if self.base is None else self.base
        code, name, row = base["code"], base["name"], base["row"]
        return np.asarray(code, dtype=object), np.asarray(name, dtype=object), np.asarray(row, dtype=np.int64)

    @functools.cached_property
    def positions(self) -> np.ndarray:
        """Each school's place in the input (file after file, row after row): several files make one
        county, and every school may be row 2 of its own file, so the row alone tells no school apart."""
        return np.arange(len(self.schools))


def _refs(listing, mask, details, amounts, unit, kind, costs) -> dict:
    """The masked schools as a block of columns (CountySchools makes the records when read)."""
    n = int(np.count_nonzero(mask))
    code, name, row = listing.columns
    return {
        "code": code[mask],
        "name": name[mask],
        "row": row[mask],
        "at": listing.positions[mask],
        "detail": np.asarray(details, dtype=object).reshape(n),
        "amount": np.asarray(amounts, dtype="float64").reshape(n),
        "unit": unit,
        "kind": kind,
        "cost_yuan": None if costs is None else np.asarray(costs, dtype="float64").reshape(n),
    }


def _rooms(cond, entry, listing, standard, costs, errors) -> None:
    """Rooms to add (one per 12 classes) at the minimum area, and rooms to rebuild to that area (worked
    out on the columns as arrays: the evaluator's Series, compared the same way, NaN never counting)."""
    schools = listing.schools
    scope, need, rooms = room_needs(schools, cond, standard, errors)
    scope, need = flags(scope), need.to_numpy(dtype=float)
    per_m2 = costs.per_unit("special_room_area")
    found = []
    for room, count, minimum, compliant in rooms:
        count = count.to_numpy(dtype=float)
        few = scope & (count < need)
        n = (need - count)[few]
        least = minimum.to_numpy(dtype=float) if minimum is not None else None
        area = least[few] if least is not None else np.zeros(len(n))
        cost = np.round(n * area * per_m2, 2)
        texts = format_rows(partial(_new_rooms, room["label"]), n, area)
        found.append(_refs(listing, few, texts, n, "间", BUILD, cost))
        if least is None:
            continue
        have = schools[room["min_area_field"]].to_numpy(dtype=float)
        counted = ~flags(compliant)  # compliant rooms are large enough
        small = scope & (need > 0) & (count > 0) & counted & ~boundary.reaches(have, least) & ~np.isnan(have)
        low, want = have[small], least[small]
        texts = format_rows(partial(_rebuilt_room, room["label"]), low, want)
        found.append(
            _refs(listing, small, texts, np.ones(len(low)), "间", BUILD, np.round((want - low) * per_m2, 2))
        )
    found = [b for b in found if len(b["row"])]
    if found:
        block = _in_input_order(found)
        entry["schools"].append(block)
        listed = np.concatenate([b["cost_yuan"] for b in found]).tolist()  # summed as found, not sorted
        entry["cost_yuan"] = round((entry["cost_yuan"] or 0.0) + sum(listed), 2)
        schools_listed = 1 + np.count_nonzero(np.diff(block["at"]))  # in input order: a school's are together
        entry["measures"].append(f"{schools_listed} 所学校新建或改扩建音乐、美术专用教室")


def _new_rooms(label, count, area) -> str:
    return f"新建{label} {_n(count)} 间" + (f"（每间不小于 {_n(area)} ㎡）" if area > 0 else "")


def _rebuilt_room(label, smallest, area) -> str:
    least = _n(area)
    return (
        f"改扩建{label}：面积最小的一间 {_n(smallest)} ㎡，至少扩至 {least} ㎡"
        f"（其他低于 {least} ㎡ 的同样改扩建）"
    )


def _in_input_order(blocks: list[dict]) -> dict:
    """Blocks of the same kind of measure as one, in input order (a stable sort: a school's new rooms
    before its rebuilt ones, as listed before)."""
    keys = ("code", "name", "row", "at", "detail", "amount", "cost_yuan")
    joined = {k: np.concatenate([b[k] for b in blocks]) for k in keys}
    order = np.argsort(joined["at"], kind="stable")
    return {**{k: v[order] for k, v in joined.items()}, "unit": blocks[0]["unit"], "kind": blocks[0]["kind"]}


def _excess(cond, entry, listing, standard) -> None:
    scope, _, _, total, limit = size_limits(listing.schools, cond, standard)
    over = (scope & total.notna() & ~boundary.within(total, limit)).to_numpy(dtype=bool)
    unit = cond.get("unit", "")
    value, most = total.to_numpy(dtype=float)[over], limit.to_numpy(dtype=float)[over]
    texts = format_rows(
        lambda v, m, e: f"{cond['label']} {_n(v)}{unit}，超过 {_n(m)}{unit}（超出 {_n(e)}{unit}）",
        value,
        most,
        value - most,
    )
    entry["schools"].append(_refs(listing, over, texts, value - most, unit, None, None))
    if over.any():
        entry["measures"].append(
            f"{int(over.sum())} 所学校{cond['label']}超限，须通过分流、调整招生计划或新建学校解决"
            "（不能靠增加投入达标）"
        )


def _certificates(cond, entry, listing, data, costs) -> None:
    schools = listing.schools
    if not set(cond["numerator"]) <= data.columns_present:
        rate = _fact(data.county, cond.get("fallback_fact", ""))[0] if cond.get("fallback_fact") else None
        if rate is not None and not boundary.reaches(rate, cond["min"]):
            entry["measures"].append(
                f"{cond['label']}需提高 {round((cond['min'] - rate) * 100, 2):g} 个百分点："
                "未持证教师取得教师资格证"
            )
        return
    num = schools[cond["numerator"]].sum(axis=1, min_count=1)
    den = schools[cond["denominator"]].fillna(0).sum(axis=1)
    short = (schools["type_key"].notna() & num.notna() & (num < den)).to_numpy(dtype=bool)
    gap = (den - num).to_numpy(dtype=float)[short]
    texts = format_rows(lambda g: f"{_n(g)} 名专任教师须取得教师资格证", gap)
    entry["schools"].append(_refs(listing, short, texts, gap, "人", TRAIN, None))
    if short.any():
        entry["measures"].append(f"{int(short.sum())} 所学校共 {_n(gap.sum())} 名专任教师须取得教师资格证")
