"""Reading a county workbook into typed data plus problem records."""

from .workbook import InputData, read_rows, read_workbook

__all__ = ["InputData", "read_rows", "read_workbook"]
