"""YAML files as parsed before: a per-user cache of their data, keyed by the file's exact bytes.

A county's check reads three YAML files (its standard, the standard it extends, the column aliases) and
the default unit costs. Importing PyYAML and parsing them took about 40 ms of a 0.5 s cold start, every
time, for files that change a few times a year. The data of a file already parsed is read back from
the cache as JSON (orjson, well under a millisecond); YAML is imported only when a file is new or changed.

Safe by construction: the key is a hash of the file's bytes, so an edited file is never served stale;
a cache entry is a JSON text written to a temporary name and renamed (never half-written), and one that
cannot be read or does not decode is ignored and parsed again. Only data that JSON gives back exactly
is cached (a YAML date, a number key or NaN would come back different: such a file is parsed each time).
Where no cache folder can be written (a read-only home, a locked-down server) files are parsed as before.

The folder is $BALANCE_CHECK_CACHE_DIR, else $XDG_CACHE_HOME/balance-check, else ~/.cache/balance-check;
BALANCE_CHECK_CACHE_DIR=off turns the cache off.
"""

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import orjson

_VERSION = b"balance-check parsed yaml 1\n"  # a change of what is stored here changes every key
_KEEP = 256  # entries kept; beyond this the oldest half is removed (each is a few tens of KB)


def cache_dir() -> Path | None:
    """The folder of parsed files, or None when the cache is off."""
    chosen = os.environ.get("BALANCE_CHECK_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen) / "yaml"
    xdg = Path(os.environ.get("XDG_CACHE_HOME") or ".")
    if xdg.is_absolute():  # a relative XDG_CACHE_HOME is to be ignored (XDG Base Directory spec)
        return xdg / "balance-check" / "yaml"
    home = Path(os.path.expanduser("~"))
    if not home.is_absolute():  # no home folder known (a service account): no cache, never a "~" folder
        return None
    return home / ".cache" / "balance-check" / "yaml"


def load_yaml_file(path: Path):
    """The data of a YAML file (libyaml's safe loader where present). Raises what reading and parsing
    raise: OSError, UnicodeDecodeError, yaml.YAMLError."""
    raw = Path(path).read_bytes()
    folder = cache_dir()
    entry = folder / f"{hashlib.blake2b(_VERSION + raw, digest_size=20).hexdigest()}.json" if folder else None
    if entry is not None:
        try:
            return orjson.loads(entry.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            pass  # not cached yet, or unreadable: parsed below
    from .files import load_yaml

    data = load_yaml(raw.decode("utf-8"))
    if entry is not None:
        _store(entry, data)
    return data


def _store(entry: Path, data) -> None:
    try:
        text = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # a value JSON cannot hold: not cached
        return
    if orjson.loads(text) != data:  # dates, number keys, NaN: JSON would give them back changed
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".parsed-", suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(entry.parent)
    except OSError:  # no cache here (read-only, full, no permission): the file was parsed all the same
        pass


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) <= _KEEP:
        return
    with contextlib.suppress(OSError):  # another process may be pruning at the same time
        by_age = sorted(entries, key=lambda p: p.stat().st_mtime)
        for old in by_age[: len(entries) // 2]:
            old.unlink(missing_ok=True)
