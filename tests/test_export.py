"""Exports: whole files or nothing, and errors a user can act on."""

from __future__ import annotations

import json
import os
import stat

import pytest

from npguard.model import CellReport, Measurement, Sample
from npguard.session import ExportError, History, export


def report(n: int, peak: int) -> CellReport:
    m = Measurement(0.5, rss=Sample(100, 100 + peak // 2, 100 + peak), sources={"rss_peak": "vmhwm"})
    return CellReport(execution_count=n, source=f"cell {n} <script>", mode="light", measurement=m)


@pytest.fixture
def reports():
    h = History(maxlen=10)
    for i, peak in enumerate([10, 30, 20]):
        h.add(report(i + 1, peak))
    return h


def test_json_matches_the_contract(tmp_path, reports):
    path = export(tmp_path / "s.json", reports, "json")
    doc = json.loads(open(path).read())
    assert [c["execution_count"] for c in doc["cells"]] == [1, 2, 3]
    assert doc["cells"][1]["rss"] == {"before": 100, "after": 115, "peak": 130}
    assert doc["cells"][1]["numpy"] is None and doc["cells"][1]["temporaries_bytes"] == 15


def test_ranked_by_peak(reports):
    assert [r.execution_count for r in reports.ranked()] == [2, 3, 1]
    assert [r.execution_count for r in reports.ranked(1)] == [2]


def test_missing_folder(tmp_path, reports):
    with pytest.raises(ExportError, match="does not exist"):
        export(tmp_path / "nope" / "s.json", reports, "json")


def test_a_folder_is_not_a_file(tmp_path, reports):
    with pytest.raises(ExportError, match="is a folder"):
        export(tmp_path, reports, "csv")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_folder(tmp_path, reports):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError, match="cannot write"):
            export(ro / "s.json", reports, "json")
    finally:
        ro.chmod(stat.S_IRWXU)


def test_unwritable_place_as_root_too(reports):
    # /proc refuses new files even to root: the error is clear and nothing is left behind.
    with pytest.raises(ExportError, match="cannot write"):
        export("/proc/npguard-export.json", reports, "json")


def test_over_an_existing_file_keeps_its_permissions(tmp_path, reports):
    target = tmp_path / "s.csv"
    target.write_text("old")
    target.chmod(0o640)
    export(target, reports, "csv")
    assert target.read_text().startswith("execution_count,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, reports, monkeypatch):
    target = tmp_path / "s.json"
    target.write_text("previous export")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ExportError, match="No space left"):
        export(target, reports, "json")
    assert target.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_csv_escapes_nothing_away(tmp_path, reports):
    import csv

    rows = list(csv.DictReader(open(export(tmp_path / "s.csv", reports, "csv"))))
    assert rows[0]["source"] == "cell 1 <script>" and rows[0]["rss_peak"] == "110"
