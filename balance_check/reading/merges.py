"""Merged cells. A spreadsheet keeps a merged value in the top-left cell only; what it means depends on
where the merge sits:

- in the header rows, the text belongs to every column and row it spans (a group label such as 小学 or
  在校生数 over several columns, 学校名称 over both header rows);
- in the body, a text or choice value (办学类型, 城乡分类, 办学性质, 乡镇) merged down over several rows
  applies to each of them — one warning per range;
- in the body, a number merged over several rows (one playground area for two schools) belongs to no
  single school: an error naming the range, never copied into each row."""

from ..problems import ProblemCode, ProblemLog, Severity

Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) -> "C5"."""
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def range_name(m: Merge) -> str:
    (r0, c0), (r1, c1) = m
    return f"{cell_name(r0, c0)}:{cell_name(r1, c1)}"


def fill_header_merges(rows: list[list], merges: list[Merge], last_row: int) -> list[list]:
    """A copy of rows[: last_row + 1] with every merge that starts there filled over its whole range."""
    top = [list(r) for r in rows[: last_row + 1]]
    for (r0, c0), (r1, c1) in merges:
        if r0 > last_row or r0 >= len(top) or c0 >= len(top[r0]):
            continue
        value = top[r0][c0]
        for r in range(r0, min(r1, last_row) + 1):
            row = top[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value
    return top


def body_merges(
    body: list[list],
    merges: list[Merge],
    first_body_row: int,
    numeric_cols: dict[int, str],
    fill_cols: dict[int, str],
    sheet: str,
    log: ProblemLog,
) -> dict[int, list[tuple[str, str]]]:
    """Fill text merges down (one warning per range); report merges over numbers.

    body: the sheet's rows from `first_body_row` on; a row a merge fills is replaced in `body` by a filled
    copy (the rows as read are never changed).
    numeric_cols: column -> header of a numeric field; fill_cols: column -> header of the text or
    choice columns that may be filled. Returns {0-based row: [(field header, range name)]} for the
    numeric cells to mark as errors."""
    bad: dict[int, list[tuple[str, str]]] = {}
    for m in merges:
        (r0, c0), (r1, c1) = m
        if r0 < first_body_row or r1 == r0:
            continue  # header merges, and merges across one row (a heading) are read as they stand
        name = range_name(m)
        for c in range(c0, c1 + 1):
            if c in numeric_cols:
                for r in range(r0, r1 + 1):
                    bad.setdefault(r, []).append((numeric_cols[c], name))
        cols = [c for c in range(c0, c1 + 1) if c in fill_cols]
        last = first_body_row + len(body) - 1  # the sheet's last row
        if not cols or r0 > last:
            continue
        top = body[r0 - first_body_row]
        value = top[c0] if c0 < len(top) else None
        for r in range(r0 + 1, min(r1, last) + 1):
            row = body[r - first_body_row] = list(body[r - first_body_row])
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in cols:
                row[c] = value
        log.add(
            sheet=sheet,
            row=r0 + 1,
            column=fill_cols[cols[0]],
            severity=Severity.WARNING,
            code=ProblemCode.MERGED_CELLS_FILLED,
            message=f"合并单元格 {name}（“{value}”）跨 {r1 - r0 + 1} 行，按每行都填写“{value}”读取",
            value=None if value is None else str(value),
        )
    return bad
