"""balance-check: 县域义务教育优质均衡发展督导评估自查工具."""

__version__ = "0.1.0"

from .errors import InputUnusable, StandardInvalid  # noqa: E402

# The entry points pull in pandas and numpy; they are imported on first use so that `--help`, the
# standards commands and the template start without them.
_LAZY = {
    "check_workbook": "api",
    "check_files": "api",
    "check_folder": "api",
    "evaluate_input": "api",
    "load_standard": "standard",
    "list_standards": "standard",
}


def __getattr__(name):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "InputUnusable",
    "StandardInvalid",
    "check_files",
    "check_folder",
    "check_workbook",
    "evaluate_input",
    "load_standard",
    "list_standards",
    "__version__",
]
