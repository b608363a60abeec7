"""The two ways an input cannot be used at all (CLI exit code 2)."""


class InputUnusable(Exception):
    """The workbook cannot be evaluated at all: not a workbook, no 学校 sheet, no data rows, unreadable.

    `problems` carries the problem records that explain why (already in Chinese)."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class StandardInvalid(Exception):
    """A standards file is malformed; the message names the offending key path."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path


class NoSchoolRows(InputUnusable):
    """The workbook has no 学校 sheet or no rows under its header. Alone it cannot be evaluated; among
    several files (one per school) it may still carry the county's 县域 and 质量监测 sheets."""


class StandardNotFound(StandardInvalid):
    """The standard named cannot be found: an unknown id or a file that does not exist."""


class OutputRefused(Exception):
    """The command line asks for an output the tool will not write (an existing file without --force,
    a wrong suffix). A usage mistake: exit 2, nothing written."""


class OutputUnwritable(Exception):
    """A result could not be written (exit 3). `message` is Chinese and names the path and what to do."""

    def __init__(self, message: str, path=None):
        super().__init__(message)
        self.message = message
        self.path = path


class CostsInvalid(StandardInvalid):
    """A unit-cost file (check --costs) is malformed or lacks an entry the planner needs."""
