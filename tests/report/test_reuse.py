"""Which sections a rebuild reuses (iru_analysis.report.reuse): the manifest's entries
and the decision, on hand-made manifests."""

from __future__ import annotations

import pytest

from iru_analysis.report.reuse import (
    file_sha256,
    files_sha256,
    folder_files,
    intact,
    manifest,
    parameters_sha256,
    read_manifest,
    report_sha256,
    resolve_section,
    reusable,
    unchanged_step,
    write_manifest,
)

STEMS = ["01_summary", "05_reviews", "07_child_protection"]
NOTEBOOKS = {"01_summary": "n1", "05_reviews": "n5", "07_child_protection": "n7"}
BEFORE = manifest(NOTEBOOKS, "0.1.0", "p", "f")


def decide(current, **options):
    return reusable(BEFORE, current, STEMS, **options)


def test_nothing_changed_reuses_every_section():
    assert decide(manifest(NOTEBOOKS, "0.1.0", "p", "f")) == set(STEMS)


def test_a_changed_notebook_runs_that_section_only():
    changed = {**NOTEBOOKS, "05_reviews": "n5-edited"}
    assert decide(manifest(changed, "0.1.0", "p", "f")) == {"01_summary", "07_child_protection"}


@pytest.mark.parametrize(
    "package, parameters, figures", [("0.2.0", "p", "f"), ("0.1.0", "p2", "f"), ("0.1.0", "p", "f2")]
)
def test_a_changed_version_parameters_or_figures_runs_every_section(package, parameters, figures):
    assert decide(manifest(NOTEBOOKS, package, parameters, figures)) == set()


def test_force_runs_every_section():
    assert decide(manifest(NOTEBOOKS, "0.1.0", "p", "f"), force=True) == set()


def test_section_runs_that_one_and_reuses_the_others():
    assert decide(manifest(NOTEBOOKS, "0.1.0", "p", "f"), rerun={"05_reviews"}) == {"01_summary", "07_child_protection"}


def test_no_previous_build_or_notebook_missing_from_it_runs():
    current = manifest(NOTEBOOKS, "0.1.0", "p", "f")
    assert reusable(None, current, STEMS) == set()
    assert reusable(BEFORE, current, ["01_summary"]) == {"01_summary"}  # the others were not published
    assert reusable({**BEFORE, "manifest_version": 0}, current, STEMS) == set()
    added = manifest({**NOTEBOOKS, "09_participation": "n9"}, "0.1.0", "p", "f")
    assert reusable(BEFORE, added, [*STEMS, "09_participation"]) == set(STEMS)  # new: no entry before


def test_parameters_hash_sees_values_not_order():
    base = {"year": "2015-16", "reviews_from": None, "exclude_invalid": False}
    assert parameters_sha256(base) == parameters_sha256(dict(reversed(base.items())))
    assert parameters_sha256(base) != parameters_sha256({**base, "exclude_invalid": True})


def test_files_hash_sees_each_files_bytes(tmp_path):
    a, b = tmp_path / "figures.csv", tmp_path / "context.json"
    a.write_text("x")
    b.write_text("y")
    first = files_sha256([a, b])
    b.write_text("z")
    assert files_sha256([a, b]) != first


@pytest.mark.parametrize(
    "name, stem",
    [
        ("reviews", "05_reviews"),
        ("05_reviews", "05_reviews"),
        ("05_reviews.ipynb", "05_reviews"),
        ("child_protection", "07_child_protection"),
        ("summary", "01_summary"),
    ],
)
def test_section_names(name, stem):
    assert resolve_section(name, STEMS) == stem


def test_unknown_section_names_the_choices():
    # the old name of the reviews notebook, and the number without its key, are not sections
    for name in ["care_plan_reviews", "05_care_plan_reviews", "05"]:
        with pytest.raises(
            ValueError,
            match=rf'"{name}" is not a section.*\(summary, unit_profile, .*appendices\)'
            r" or a notebook name \(01_summary, 02_unit_profile, .*12_appendices\)",
        ):
            resolve_section(name, STEMS)


def test_a_section_without_its_notebook_here_is_refused():
    with pytest.raises(
        ValueError,
        match=r'"placements" is the section notebook 06_placements, which is not among '
        r"those built \(01_summary, 05_reviews, 07_child_protection\)",
    ):
        resolve_section("placements", STEMS)


def test_manifest_round_trip(tmp_path):
    assert read_manifest(tmp_path) is None
    write_manifest(BEFORE, tmp_path)
    assert read_manifest(tmp_path) == BEFORE


def test_folder_files_and_intact(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "report.html").write_text("page")
    (tmp_path / "tables" / "05_x.csv").write_text("a,b")
    (tmp_path / "manifest.json").write_text("{}")
    files = folder_files(tmp_path, leave_out=["manifest.json"])
    assert files == {
        "report.html": file_sha256(tmp_path / "report.html"),
        "tables/05_x.csv": file_sha256(tmp_path / "tables" / "05_x.csv"),
    }
    assert intact({"files": files}, tmp_path)
    (tmp_path / "tables" / "99_added.csv").write_text("c")  # a file the build did not write: not listed
    assert intact({"files": files}, tmp_path)
    (tmp_path / "report.html").write_text("page, edited by hand")
    assert not intact({"files": files}, tmp_path)
    (tmp_path / "report.html").unlink()
    assert not intact({"files": files}, tmp_path)
    assert not intact({"sections": {}}, tmp_path) and not intact(None, tmp_path)  # nothing listed: nothing trusted


def test_report_hash_sees_notebooks_title_images_and_version(tmp_path):
    notebook = tmp_path / "01_a.ipynb"
    notebook.write_text("{}")
    base = report_sha256([notebook], "Title", "Sub", {"logo.png": "l1"}, "0.1.0")
    assert report_sha256([notebook], "Title", "Sub", {"logo.png": "l1"}, "0.1.0") == base
    assert report_sha256([notebook], "Title 2", "Sub", {"logo.png": "l1"}, "0.1.0") != base
    assert report_sha256([notebook], "Title", "Sub", {"logo.png": "l2"}, "0.1.0") != base
    assert report_sha256([notebook], "Title", "Sub", {"logo.png": "l1"}, "0.2.0") != base
    notebook.write_text('{"edited": 1}')
    assert report_sha256([notebook], "Title", "Sub", {"logo.png": "l1"}, "0.1.0") != base


def test_a_step_is_unchanged_only_with_the_same_key_and_no_force():
    before = {"bundle": "k1", "pdf": None}
    assert unchanged_step(before, "bundle", "k1")
    assert not unchanged_step(before, "bundle", "k2")
    assert not unchanged_step(before, "bundle", "k1", force=True)
    assert not unchanged_step(before, "pdf", None)  # no PDF was printed: nothing to copy
    assert not unchanged_step(before, "report", "r1") and not unchanged_step(None, "bundle", "k1")
