"""Operational limits (not standard thresholds). Override with environment variables."""

import os


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


# A workbook whose parts unpack to more than this is refused before parsing (zip bombs).
MAX_UNCOMPRESSED_BYTES = _env_int("BALANCE_CHECK_MAX_UNCOMPRESSED_MB", 1024) * 1024 * 1024
# Largest compression ratio accepted for any part of the workbook.
MAX_COMPRESSION_RATIO = _env_int("BALANCE_CHECK_MAX_RATIO", 200)
# Most data rows read from the 学校 sheet; more is refused with a message rather than exhausting memory.
MAX_SCHOOL_ROWS = _env_int("BALANCE_CHECK_MAX_ROWS", 300_000)
# Rows scanned from the top of a sheet when looking for its header row.
HEADER_SCAN_ROWS = 12
# Problems listed in the Markdown report before summarising the rest.
MAX_PROBLEMS_SHOWN = 200
# Per-student amounts above these are flagged as doubtful (a warning, usually a unit slip), by unit.
PLAUSIBLE_PER_STUDENT = {"㎡": 100, "元": 100_000}
# Rows listed in the Word document's tables and problem lists, and in the HTML page's lists; the full
# lists are in report.xlsx and report.json (a province has tens of thousands of school parts).
MAX_DOCUMENT_ROWS = 500
# Rows of the template's 学校 sheet that carry drop-down lists and number validation.
TEMPLATE_ROWS = 5000

# The local web page (balance-check serve). Each upload is one request of one or more files.
# Largest upload (all files of one request together), in bytes.
MAX_UPLOAD_BYTES = _env_int("BALANCE_CHECK_MAX_UPLOAD_MB", 50) * 1024 * 1024
# Most workbooks in one upload, counting the members of a .zip.
MAX_UPLOAD_FILES = _env_int("BALANCE_CHECK_MAX_UPLOAD_FILES", 500)
# Largest total a .zip of workbooks may unpack to, in bytes (more is refused as a zip bomb).
MAX_UPLOAD_UNPACKED_BYTES = _env_int("BALANCE_CHECK_MAX_UPLOAD_UNPACKED_MB", 500) * 1024 * 1024
# How long a result (and the uploaded files) is kept before its temporary folder is removed, in seconds.
RESULT_TTL_SECONDS = _env_int("BALANCE_CHECK_RESULT_TTL_SECONDS", 3600)
# Checks that run at the same time; more uploads wait their turn.
WEB_WORKERS = _env_int("BALANCE_CHECK_WEB_WORKERS", 2)
