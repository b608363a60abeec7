"""A standards file is parsed once per process while it stays the same, and read anew when it changes."""

import datetime
import os

import pytest

from balance_check.rules import files
from balance_check.standard import load_standard


@pytest.fixture
def parses(monkeypatch):
    """The texts handed to the YAML parser, in order (the cache starts empty)."""
    monkeypatch.setattr(files, "_PARSED", {})
    seen: list[str] = []
    real = files.load_yaml

    def counted(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(files, "load_yaml", counted)
    return seen


def _provincial(tmp_path, threshold: float):
    path = tmp_path / "prov.yaml"
    path.write_text(
        "id: prov-cache\ntitle: 某省测试标准\nextends: national-2017\n"
        "indicators:\n  - id: qualified_teachers_per_100\n"
        f"    thresholds: {{primary: {threshold}, junior: 5.3}}\n",
        encoding="utf-8",
    )
    return path


def _qualified(std) -> dict:
    return next(i for i in std.data["indicators"] if i["id"] == "qualified_teachers_per_100")["thresholds"]


def test_a_check_parses_its_standard_and_the_one_it_extends_once_each(parses):
    load_standard("national-2017")
    assert len(parses) == len(set(parses))  # find() confirms the id and resolve() merges: one parse
    before = len(parses)
    load_standard("national-2017")
    assert len(parses) == before  # a second load in the same process parses nothing


def test_a_file_changed_on_disk_is_read_again(tmp_path, parses):
    path = _provincial(tmp_path, 4.5)
    assert _qualified(load_standard(str(path)))["primary"] == 4.5
    stat = os.stat(path)
    _provincial(tmp_path, 4.6)  # same length: only the content and the change time differ
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old modification time
    assert _qualified(load_standard(str(path)))["primary"] == 4.6


def test_changing_what_was_read_does_not_change_the_next_read(tmp_path, parses):
    path = _provincial(tmp_path, 4.5)
    first = files.read(path)
    first["indicators"][0]["thresholds"]["primary"] = 99
    first["title"] = "改过"
    again = files.read(path)
    assert again["title"] == "某省测试标准" and again["indicators"][0]["thresholds"]["primary"] == 4.5
    assert len(parses) == 1


def test_values_marshal_cannot_copy_are_copied_too(tmp_path, parses):
    path = tmp_path / "dated.yaml"
    path.write_text("id: dated\nsource:\n  date: 2017-04-26\n  tags: [a, b]\n", encoding="utf-8")
    first = files.read(path)
    assert first["source"]["date"] == datetime.date(2017, 4, 26)
    first["source"]["tags"].append("c")
    again = files.read(path)
    assert again == {"id": "dated", "source": {"date": datetime.date(2017, 4, 26), "tags": ["a", "b"]}}
    assert len(parses) == 1


def test_the_cache_keeps_a_bounded_number_of_files(tmp_path, parses, monkeypatch):
    monkeypatch.setattr(files, "_PARSED_MAX", 3)
    paths = []
    for i in range(5):
        p = tmp_path / f"s{i}.yaml"
        p.write_text(f"id: s{i}\n", encoding="utf-8")
        paths.append(p)
        assert files.read(p) == {"id": f"s{i}"}
    assert len(files._PARSED) == 3
    files.read(paths[-1])  # still held
    assert len(parses) == 5
    files.read(paths[0])  # dropped first: parsed again
    assert len(parses) == 6
