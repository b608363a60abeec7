"""The duplicate rule on any frame with file and row columns: identical copies count once, differing
copies never count, and every copy is accounted for."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_check.reading.duplicates_files import mark_conflicts, resolve_duplicates

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
    skip, skipped, problems = resolve_duplicates(df, FIELDS, "学校", across_files_only=True)
    errors = pd.DataFrame(False, index=df.index, columns=["type"])
    mark_conflicts(errors, df, problems)
    key = [f"code:{c}" if c is not None else f"name:{n}" for n, c, _ in rows]
    for k in set(key):
        members = [i for i, x in enumerate(key) if x == k]
        values = {tuple(df.loc[i, list(FIELDS)]) for i in members}
        counted = [i for i in members if not skip[i] and not errors.at[i, "type"]]
        if len(values) == 1:
            assert len(counted) == 1  # the first copy, once
            assert sum(skip[i] for i in members) == len(members) - 1
        else:
            assert counted == []  # no guess: every copy is not evaluable
            assert all(any(p.row == 2 and p.file == df.at[i, "file"] for p in problems) for i in members)
    assert len(skipped) == int(skip.sum())
