"""A province's reports are written by two processes at once: the files are the same as one process
writes, every failure of the second process reads as if the first had met it, nothing is left behind,
and a county's reports stay in one process."""

import os
import signal
import tempfile
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balance_check import check_workbook
from balance_check.errors import OutputUnwritable
from balance_check.report import COST, FORMATS, WRITERS, forked, second_share, write_reports

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a second writing process needs fork")


@pytest.fixture(scope="module")
def report_b(fixtures_dir):
    return check_workbook(fixtures_dir / "county_b.xlsx", columnar=True)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def zip_members(path):
    """The members of an xlsx/docx, without docProps/core.xml (it holds the time it was written)."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def assert_same_reports(one, two, folder):
    """The files `two` have the content of `one` (zip members but the time written), and `folder` holds
    nothing else."""
    for a, b in zip(one, two, strict=True):
        if a.suffix in (".xlsx", ".docx"):
            assert zip_members(a) == zip_members(b), a.name
        else:
            assert a.read_bytes() == b.read_bytes(), a.name
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in two)


def test_two_processes_write_the_same_five_reports_as_one(tmp_path, report_b):
    one = write_reports(report_b, tmp_path / "one", FORMATS, jobs=1)
    two = write_reports(report_b, tmp_path / "two", FORMATS, jobs=2)
    assert [p.name for p in two] == [p.name for p in one] == [f"report.{f}" for f in FORMATS]
    assert_same_reports(one, two, tmp_path / "two")


def earlier_reports(out, report):
    write_reports(report, out, FORMATS, jobs=1)
    for p in out.iterdir():
        p.write_text(f"earlier {p.name}", encoding="utf-8")
    return snapshot(out)


def failing_writer(fail):
    def write(report, path):
        fail()

    return write


def test_a_disk_full_in_the_second_process_fails_the_whole_set_with_its_chinese_message(
    tmp_path, report_b, monkeypatch
):
    out = tmp_path / "out"
    before = earlier_reports(out, report_b)
    apart = second_share(list(FORMATS))
    monkeypatch.setitem(WRITERS, apart[0], failing_writer(lambda: (_ for _ in ()).throw(OSError(28, "full"))))
    with pytest.raises(OutputUnwritable) as caught:
        write_reports(report_b, out, FORMATS, jobs=2)
    assert caught.value.message.startswith("磁盘空间不足，无法写入")
    assert caught.value.path == out / f"report.{apart[0]}"
    assert snapshot(out) == before


def test_a_second_process_killed_before_it_answers_fails_with_a_chinese_message(
    tmp_path, report_b, monkeypatch
):
    out = tmp_path / "out"
    before = earlier_reports(out, report_b)
    apart = second_share(list(FORMATS))
    monkeypatch.setitem(WRITERS, apart[0], failing_writer(lambda: os.kill(os.getpid(), signal.SIGKILL)))
    with pytest.raises(OutputUnwritable) as caught:
        write_reports(report_b, out, FORMATS, jobs=2)
    message = caught.value.message
    assert "进程意外结束（被信号 9 终止）" in message and f"report.{apart[0]}" in message
    assert "--format 分几次生成" in message
    assert snapshot(out) == before


def test_an_unexpected_error_in_the_second_process_is_raised_as_itself_with_its_traceback(
    tmp_path, report_b, monkeypatch
):
    apart = second_share(list(FORMATS))
    monkeypatch.setitem(WRITERS, apart[0], failing_writer(lambda: int("不是数字")))
    with pytest.raises(ValueError, match="不是数字") as caught:
        write_reports(report_b, tmp_path / "out", FORMATS, jobs=2)
    notes = "".join(getattr(caught.value, "__notes__", []))
    assert "在第二个写出进程中" in notes and "int(" in notes
    assert list((tmp_path / "out").iterdir()) == []


def test_a_failure_in_the_first_process_stops_the_second_and_leaves_nothing(tmp_path, report_b, monkeypatch):
    out = tmp_path / "out"
    before = earlier_reports(out, report_b)
    apart = second_share(list(FORMATS))
    first = next(f for f in FORMATS if f not in apart)
    marker = tmp_path / "second-finished"

    def leave_temporary_files(report, path):  # as XlsxWriter does, then wait to be stopped
        import tempfile
        import time

        tempfile.mkstemp()
        time.sleep(60)
        marker.write_text("finished")

    monkeypatch.setitem(WRITERS, apart[0], leave_temporary_files)
    monkeypatch.setitem(WRITERS, first, failing_writer(lambda: (_ for _ in ()).throw(OSError(28, "full"))))
    # a handler for SIGTERM (as a server installs) must not keep the second process running
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-temp"))
    (tmp_path / "system-temp").mkdir()
    previous = signal.signal(signal.SIGTERM, lambda *args: None)
    try:
        with pytest.raises(OutputUnwritable) as caught:
            write_reports(report_b, out, FORMATS, jobs=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert caught.value.path == out / f"report.{first}"
    assert snapshot(out) == before
    assert not marker.exists()
    assert list((tmp_path / "system-temp").iterdir()) == []  # its temporary files went with it


def test_a_county_report_is_written_in_one_process_and_a_province_in_two(tmp_path, report_b, monkeypatch):
    started = []

    class Recorded(forked.Forked):
        def __init__(self, fn, what):
            started.append(what)
            super().__init__(fn, what)

    monkeypatch.setattr(forked, "Forked", Recorded)
    monkeypatch.setattr(forked, "available", lambda: True)
    write_reports(report_b, tmp_path / "county", FORMATS)
    assert started == []
    import balance_check.report as report_module

    monkeypatch.setattr(report_module, "PARALLEL_FROM", len(report_b["schools"]))
    write_reports(report_b, tmp_path / "province", FORMATS)
    assert started == ["、".join(f"report.{f}" for f in second_share(list(FORMATS)))]
    write_reports(report_b, tmp_path / "one-format", ["xlsx"])
    assert len(started) == 1  # a single format has nothing to share


def test_no_second_process_where_fork_is_unsafe(monkeypatch):
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)  # another thread could hold a lock
    assert not forked.available()


@given(st.lists(st.sampled_from(FORMATS), min_size=1, unique=True))
def test_the_formats_are_shared_between_the_processes_each_exactly_once(formats):
    share = second_share(formats)
    rest = [f for f in formats if f not in share]
    assert share == [f for f in formats if f in share]  # in the order asked for
    if len(formats) == 1:
        assert share == []
        return
    assert share and rest
    load = sum(COST[f] for f in share), sum(COST[f] for f in rest)
    # dealt costliest first to the less busy process: they differ by at most one format's cost
    assert abs(load[0] - load[1]) <= max(COST[f] for f in formats)


@pytest.fixture(scope="module")
def report_a(fixtures_dir):
    return check_workbook(fixtures_dir / "county_a.xlsx", columnar=True)


def test_report_json_alone_with_its_plan_encoded_by_a_second_process_is_the_same_bytes(tmp_path, report_a):
    assert len(report_a["plan"]["ledger"]) and len(report_a["plan"]["schools"])  # tables to share
    one = write_reports(report_a, tmp_path / "one", ["json"], jobs=1)[0]
    two = write_reports(report_a, tmp_path / "two", ["json"], jobs=2)[0]
    assert one.read_bytes() == two.read_bytes()
    assert [p.name for p in (tmp_path / "two").iterdir()] == ["report.json"]  # the plan's part removed


def test_report_json_alone_uses_the_second_process_only_when_asked(tmp_path, report_a, monkeypatch):
    started = []
    real = forked.Forked

    def recorded(fn, what):
        started.append(what)
        return real(fn, what)

    monkeypatch.setattr(forked, "Forked", recorded)
    write_reports(report_a, tmp_path / "one", ["json"], jobs=1)
    assert started == []
    write_reports(report_a, tmp_path / "two", ["json"], jobs=2)
    assert started == ["report.json"]


def test_report_json_fails_whole_when_its_second_process_cannot_write(tmp_path, report_a, monkeypatch):
    from balance_check.report import json_report

    out = tmp_path / "out"
    write_reports(report_a, out, ["json"], jobs=1)
    before = snapshot(out)

    def full(tables, side):
        raise OSError(28, "No space left")

    monkeypatch.setattr(json_report, "_encode_tables", full)
    with pytest.raises(OutputUnwritable) as caught:
        write_reports(report_a, out, ["json"], jobs=2)
    assert caught.value.message.startswith("磁盘空间不足，无法写入")
    assert caught.value.path == out / "report.json"
    assert snapshot(out) == before


@pytest.mark.parametrize("formats", [list(FORMATS), ["json"]], ids=["five formats", "report.json alone"])
def test_reports_are_written_by_one_process_when_a_second_cannot_start(
    tmp_path, report_a, monkeypatch, formats
):
    one = write_reports(report_a, tmp_path / "one", formats, jobs=1)

    def no_process_left():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process_left)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-temp"))
    (tmp_path / "system-temp").mkdir()
    two = write_reports(report_a, tmp_path / "two", formats, jobs=2)
    assert list((tmp_path / "system-temp").iterdir()) == []  # the second process's folder removed
    assert_same_reports(one, two, tmp_path / "two")
