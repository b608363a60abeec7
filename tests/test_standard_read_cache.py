"""YAML files already parsed (a standard, the one it extends, the aliases, the default costs) are read
back from the per-user cache without parsing or importing PyYAML, and parsed anew when they change."""

import datetime
import os
import subprocess
import sys

import pytest

from balance_check.rules import files, parsed
from balance_check.standard import load_standard


@pytest.fixture
def parses(monkeypatch):
    """The texts handed to the YAML parser, in order (the per-user cache off unless `cache` is used)."""
    monkeypatch.setenv("BALANCE_CHECK_CACHE_DIR", "off")
    seen: list[str] = []
    real = files.load_yaml

    def counted(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(files, "load_yaml", counted)
    return seen


@pytest.fixture
def cache(tmp_path, monkeypatch, parses):
    """A per-user cache folder of its own, empty: returns the folder of its entries."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BALANCE_CHECK_CACHE_DIR", str(folder))
    return folder / "yaml"


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


def test_a_check_parses_its_standard_and_the_one_it_extends_once_each(cache, parses):
    load_standard("national-2017")
    assert parses and len(parses) == len(set(parses))  # find() confirms the id, resolve() merges: one parse
    before = len(parses)
    load_standard("national-2017")
    assert len(parses) == before  # a second load parses nothing


def test_a_standard_edited_on_disk_is_read_again(tmp_path, cache, parses):
    path = _provincial(tmp_path, 4.5)
    assert _qualified(load_standard(str(path)))["primary"] == 4.5
    stat = os.stat(path)
    _provincial(tmp_path, 4.6)  # same length: only the content differs
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old modification time
    assert _qualified(load_standard(str(path)))["primary"] == 4.6
    assert len(list(cache.glob("*.json"))) == 4  # both versions, the national standard, its parent


def test_changing_what_was_read_does_not_change_the_next_read(tmp_path, cache, parses):
    path = _provincial(tmp_path, 4.5)
    first = files.read(path)
    first["indicators"][0]["thresholds"]["primary"] = 99
    first["title"] = "改过"
    again = files.read(path)
    assert again["title"] == "某省测试标准" and again["indicators"][0]["thresholds"]["primary"] == 4.5
    assert len(parses) == 1


def test_the_cache_keeps_a_bounded_number_of_entries(tmp_path, cache, parses, monkeypatch):
    monkeypatch.setattr(parsed, "_KEEP", 3)
    paths = []
    for i in range(5):
        p = tmp_path / f"s{i}.yaml"
        p.write_text(f"id: s{i}\n", encoding="utf-8")
        paths.append(p)
        assert parsed.load_yaml_file(p) == {"id": f"s{i}"}
    assert len(list(cache.glob("*.json"))) == 3  # the fourth entry pruned the two oldest
    assert parsed.load_yaml_file(paths[-1]) == {"id": "s4"}  # the newest is still held
    assert len(parses) == 5


def test_a_file_parsed_once_is_read_back_from_the_cache_without_parsing(tmp_path, cache, parses, monkeypatch):
    path = _provincial(tmp_path, 4.5)
    first = parsed.load_yaml_file(path)
    assert len(parses) == 1 and len(list(cache.glob("*.json"))) == 1

    def no_parsing(text):
        raise AssertionError("parsed again")

    monkeypatch.setattr(files, "load_yaml", no_parsing)
    assert parsed.load_yaml_file(path) == first


def test_a_damaged_cache_entry_is_parsed_again(tmp_path, cache, parses):
    path = _provincial(tmp_path, 4.5)
    expected = parsed.load_yaml_file(path)
    (entry,) = cache.glob("*.json")
    entry.write_bytes(b'{"id": "prov-cache", "indic')  # cut short
    assert parsed.load_yaml_file(path) == expected
    assert len(parses) == 2


def test_data_json_would_change_is_not_cached(tmp_path, cache, parses):
    path = tmp_path / "dated.yaml"
    path.write_text("id: dated\nsource: {date: 2017-04-26}\n2017: 年份作键\n", encoding="utf-8")
    for _ in range(2):
        assert parsed.load_yaml_file(path) == {
            "id": "dated",
            "source": {"date": datetime.date(2017, 4, 26)},
            2017: "年份作键",
        }
    assert len(parses) == 2 and not list(cache.glob("*.json"))


def test_a_cache_folder_that_cannot_be_written_only_means_parsing(tmp_path, parses, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BALANCE_CHECK_CACHE_DIR", str(blocked))
    path = _provincial(tmp_path, 4.5)
    assert parsed.load_yaml_file(path)["id"] == "prov-cache"
    assert parsed.load_yaml_file(path)["id"] == "prov-cache"
    assert len(parses) == 2


@pytest.mark.parametrize("setting", ["off", "", "0"])
def test_the_cache_can_be_turned_off(monkeypatch, setting):
    monkeypatch.setenv("BALANCE_CHECK_CACHE_DIR", setting)
    assert parsed.cache_dir() is None


def test_the_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("BALANCE_CHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert parsed.cache_dir() == tmp_path / "balance-check" / "yaml"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parsed.cache_dir() == tmp_path / "home" / ".cache" / "balance-check" / "yaml"


def test_without_a_home_folder_there_is_no_cache_and_no_stray_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("BALANCE_CHECK_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(parsed.os.path, "expanduser", lambda p: p)  # as when HOME is unset and unknown
    assert parsed.cache_dir() is None
    monkeypatch.chdir(tmp_path)
    path = _provincial(tmp_path, 4.5)
    assert parsed.load_yaml_file(path)["id"] == "prov-cache"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prov.yaml"]


def test_a_county_check_with_its_files_cached_does_not_import_pyyaml(tmp_path, fixtures_dir):
    env = {**os.environ, "BALANCE_CHECK_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import sys\n"
        "from balance_check.api import check_workbook\n"
        f"report = check_workbook({str(fixtures_dir / 'county_a.xlsx')!r})\n"
        "print(len(report['schools']), 'yaml' in sys.modules)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    first, second = (r.stdout.split() for r in runs)
    assert first[1] == "True"  # the first run parses the files and fills the cache
    assert second == [first[0], "False"]  # the same report, and PyYAML never imported
