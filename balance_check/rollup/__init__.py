"""Many counties at once: every county checked in parallel, then one summary (rollup.json/.xlsx/.html)."""

from pathlib import Path

from ..standard import load_standard
from .inputs import gather, read_manifest
from .result import assemble
from .run import check_all, report_dirs

DEFAULT_STANDARD = "national-2017"


def rollup(
    inputs: list[str | Path] = (),
    standard: str | None = None,
    manifest: str | Path | None = None,
    each_dir: str | Path | None = None,
    jobs: int | None = None,
) -> dict:
    """Check every county file (files, folders of .xlsx, and/or the files of a manifest CSV of
    file,standard) and summarise. `standard` applies to every file the manifest does not give one for.
    `each_dir` also writes each county's reports into a subfolder. Raises StandardInvalid (before any
    county is checked) when a named standard cannot be loaded, InputUnusable for a bad manifest."""
    pairs = [(p, None) for p in gather(list(inputs))]
    if manifest is not None:
        pairs += read_manifest(Path(manifest))
    refs = [ref or standard or DEFAULT_STANDARD for _, ref in pairs]
    indicators = {}
    for ref in dict.fromkeys(refs):  # every standard loads before any county is checked
        indicators.update({i["id"]: i["name"] for i in load_standard(ref).indicators})
    paths = [p for p, _ in pairs]
    dirs = report_dirs(paths, Path(each_dir) if each_dir is not None else None)
    names = [p.name for p in paths]
    labels = [p.name if names.count(p.name) == 1 else str(p) for p in paths]  # unique, yet short
    tasks = [(str(p), label, ref, d) for p, label, ref, d in zip(paths, labels, refs, dirs)]
    return assemble(check_all(tasks, jobs), indicators)


__all__ = ["rollup"]
