"""Two reports of the same county data: identical verdicts, values and CVs."""

import math


def _close(a, b):
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12)
    )


def _school_values(report, renamed=None):
    back = {v: k for k, v in (renamed or {}).items()}
    return {
        (back.get(s["name"], s["name"]), s["level"]): (
            s["passed"],
            s["students"],
            {k: (e["value"], e["met"]) for k, e in s["indicators"].items()},
        )
        for s in report["schools"]
    }


def assert_same_results(got, want, renamed=None):
    assert got["passed"] == want["passed"]
    assert {k: s["status"] for k, s in got["sections"].items()} == {
        k: s["status"] for k, s in want["sections"].items()
    }
    g, w = _school_values(got, renamed), _school_values(want)
    assert g.keys() == w.keys()
    for key in w:
        assert g[key][:2] == w[key][:2], key
        for ind, (value, met) in w[key][2].items():
            assert _close(g[key][2][ind][0], value) and g[key][2][ind][1] == met, (key, ind)
    for level, entries in want["cv"].items():
        for k, e in entries.items():
            assert _close(got["cv"][level][k]["cv"], e["cv"]) and got["cv"][level][k]["met"] == e["met"]
    assert [(i["id"], i["status"]) for i in got["items"]] == [(i["id"], i["status"]) for i in want["items"]]
    for k in ("evaluated_schools", "school_parts", "excluded", "not_evaluable"):
        assert got["counts"][k] == want["counts"][k], k
