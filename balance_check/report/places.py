"""Where a record is in the input, as the documents show it (a row number is per file)."""


def several_files(report: dict) -> bool:
    """The county came as several workbooks: a row number alone does not find a school."""
    return len(report.get("files", [])) > 1


def place(report: dict, e: dict):
    """Where a record is in the input: its row, or its file and row when the county came as several files."""
    if e.get("row") is None or not several_files(report):
        return e.get("row")
    return f"{e.get('file') or ''} 第{e['row']}行"


def places(report: dict, rows: list, files: list) -> list:
    """place() of many records given their rows and files as columns."""
    if not several_files(report):
        return list(rows)
    return [r if r is None else f"{f or ''} 第{r}行" for r, f in zip(rows, files)]


def row_label(report: dict, e: dict, gap: str = "") -> str:
    """第N行 (第 N 行 with gap=" "), after the file's name when the county came as several files (where
    every school may be row 2 of its own file)."""
    at = f"第{gap}{e['row']}{gap}行"
    return f"{e.get('file') or ''} {at}".lstrip() if several_files(report) else at


def sheet_label(report: dict, p: dict) -> str:
    """A problem's sheet, after its file's name when the county came as several files."""
    return f"{p.get('file') or ''} {p['sheet'] or ''}".strip() if several_files(report) else p["sheet"]
