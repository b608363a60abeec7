"""balance-check: 县域义务教育优质均衡发展督导评估自查工具."""

__version__ = "0.1.0"

from .api import check_files, check_folder, check_workbook, evaluate_input  # noqa: E402
from .errors import InputUnusable, StandardInvalid  # noqa: E402
from .standard import list_standards, load_standard  # noqa: E402

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
