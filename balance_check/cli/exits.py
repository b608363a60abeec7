"""Exit codes, the same for every command (docs/report-contract.md)."""

EXIT_PASS = 0  # passes / nothing wrong
EXIT_FAIL = 1  # does not pass (validate: warnings only)
EXIT_UNUSABLE = 2  # input unusable, or a wrong command line
EXIT_UNWRITABLE = 3  # the result could not be written
