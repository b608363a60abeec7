"""The formats each command writes, in order (kept apart so the command line loads no writer)."""

FORMATS = ("json", "md", "xlsx", "docx", "html")  # check
COMPARE_FORMATS = ("json", "xlsx", "html")  # compare
