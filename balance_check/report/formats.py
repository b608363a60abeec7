"""The comparison's formats, kept apart so that the command line loads no writer to list them."""

COMPARE_FORMATS = ("json", "xlsx", "html")
