"""Reading a county workbook into typed data plus problem records."""

__all__ = ["InputData", "read_rows", "read_workbook"]


def __getattr__(name: str):
    # The package's light modules (sheets.py, aliases.py) are imported without pandas: the command line
    # chooses and starts loading the 学校 sheet before pandas is imported (see preload.py).
    if name in __all__:
        from . import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
