"""What the page receives from the server (pydantic models, also the API's documentation)."""

from pydantic import BaseModel


class Case(BaseModel):
    id: str
    title: str


class StandardInfo(BaseModel):
    id: str
    title: str
    cases: list[Case]


class Catalogue(BaseModel):
    standards: list[StandardInfo]
    problems: list[str]  # provincial files in --standards-dir that could not be loaded
    limits: dict[str, int]


class FileStatus(BaseModel):
    file: str
    status: str  # waiting | read | no_schools | unusable
    rows: int = 0
    message: str | None = None


class Refused(BaseModel):
    file: str
    message: str


class Section(BaseModel):
    label: str
    status: str
    detail: str


class Problem(BaseModel):
    file: str | None = None
    sheet: str
    row: int | None = None
    column: str | None = None
    severity: str
    code: str
    message: str
    school: str | None = None


class Result(BaseModel):
    county: str | None
    standard: str
    passed: bool
    verdict: str
    reasons: list[str]
    sections: list[Section]
    counts: dict[str, int]
    problems: list[Problem]  # at most MAX_DOCUMENT_ROWS; all of them are in report.xlsx / report.json
    problems_total: int
    downloads: dict[str, str]  # format -> address


class Job(BaseModel):
    id: str
    state: str  # queued | reading | evaluating | writing | done | failed
    files: list[FileStatus]
    refused: list[Refused]
    message: str | None = None
    details: list[str] = []
    result: Result | None = None
