"""The duplicate rule on any frame with file and row columns: identical copies count once, differing
copies never count, and every copy is accounted for."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_check.problems import ProblemLog
from balance_check.reading.duplicates import DUPLICATE, find_duplicates, report_conflicts, skip_identical

FIELDS = {"name": "学校名称", "code": "学校标识码", "students": "小学在校生数"}

schools = st.lists(
    st.tuples(st.sampled_from(["甲", "乙", "丙"]), st.sampled_from([None, "1", "2"]), st.integers(0, 2)),
    min_size=1,
    max_size=8,
)


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "file": [f"{i}.xlsx" for i in range(len(rows))],
            "row": [2] * len(rows),
            "name": [r[0] for r in rows],
            "code": [r[1] for r in rows],
            "students": [float(r[2]) for r in rows],
        },
        dtype=object,
    )


@settings(max_examples=60, deadline=None)
@given(schools)
def test_each_school_counts_once_when_its_copies_agree_and_never_when_they_differ(rows):
    df = frame(rows)
    log = ProblemLog()
    errors = pd.DataFrame(False, index=df.index, columns=[*FIELDS, DUPLICATE])
    dups = find_duplicates(df, list(FIELDS)).across_files(df)
    skipped = skip_identical(df, dups, "学校", log)
    report_conflicts(df, errors, dups.conflict.to_numpy(), dups.sources.to_numpy(), FIELDS, "学校", log)
    skip, problems = dups.identical, log.items
    key = [f"code:{c}" if c is not None else f"name:{n}" for n, c, _ in rows]
    for k in set(key):
        members = [i for i, x in enumerate(key) if x == k]
        values = {tuple(df.loc[i, list(FIELDS)]) for i in members}
        counted = [i for i in members if not skip[i] and not errors.at[i, DUPLICATE]]
        if len(values) == 1:
            assert len(counted) == 1  # the first copy, once
            assert sum(skip[i] for i in members) == len(members) - 1
        else:
            assert counted == []  # no guess: every copy is not evaluable
            assert all(any(p.row == 2 and p.file == df.at[i, "file"] for p in problems) for i in members)
            named = [
                p
                for p in problems
                if p.code == "duplicate_conflict" and p.file in set(df.loc[members, "file"])
            ]
            assert all(all(df.at[j, "file"] in p.message for j in members) for p in named)  # names all rows
    assert len(skipped) == int(skip.sum())
    assert all(set(r) <= {"file", "row", "name", "code", "reason_code", "reason", "text"} for r in skipped)
