"""Open a CSV file for an importer: header, numbered rows, byte progress, clear errors.

Row numbers are spreadsheet rows (the header is row 1), so "row 12" in a skipped-row report
is what the user finds when they open the file in a spreadsheet. Text is UTF-8 (a byte order
mark is allowed; other encodings such as cp1256 are refused naming the first line that is not
UTF-8); the delimiter is the one of ",", ";" and tab that the header uses most, as
spreadsheets in some locales write ";". A column the importer reads may appear only once in
the header. Files are streamed (one row in memory at a time; a cell may hold up to 64 MiB),
so progress is counted in bytes.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from timeline_app.io.importers.common import big_csv_fields, file_error


class CsvInput:
    """Context manager over one CSV file; `rows()` yields (row number, cells)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self._raw = open(self.path, "rb")  # noqa: SIM115 - closed in close()
            self.total = max(1, os.fstat(self._raw.fileno()).st_size)
        except OSError as exc:
            raise file_error(self.path, f"cannot open: {exc.strerror or exc}") from None
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="")
        self._fields = big_csv_fields()
        self._fields.__enter__()
        self.row = 1
        try:
            self._read_header()
        except BaseException:
            self.close()
            raise

    def _read_header(self) -> None:
        first = self._guard(self._text.readline)
        if not first.strip():
            raise file_error(self.path, "the file is empty (no header row)")
        delimiter = max((",", ";", "\t"), key=first.count)
        self._reader = csv.reader(self._text, delimiter=delimiter)
        try:
            self.header = next(csv.reader([first], delimiter=delimiter))
        except csv.Error as exc:
            raise file_error(self.path, f"row 1: {exc}") from None
        # A name the importer reads must be there once (refuse_duplicates); others may repeat.
        self.columns: dict[str, int] = {}
        self.repeated: dict[str, list[int]] = {}  # name -> every column number holding it
        for index, name in enumerate(self.header):
            key = name.strip().lower()
            if key and key in self.columns:
                self.repeated.setdefault(key, [self.columns[key] + 1]).append(index + 1)
            self.columns.setdefault(key, index)

    def refuse_duplicates(self, names: tuple[str, ...] | list[str]) -> None:
        """ImportFormatError if a column we read appears twice in the header: which of the
        two the user meant cannot be guessed, and reading either would lose the other."""
        for name in names:
            if name in self.repeated:
                where = " and ".join(str(n) for n in self.repeated[name])
                raise file_error(
                    self.path,
                    f"row 1: the column {name!r} appears more than once (columns {where}); "
                    "rename or remove the extra one",
                )

    def _guard(self, read: Callable[[], str]) -> str:
        try:
            return read()
        except UnicodeDecodeError as exc:
            raise self._not_utf8(exc) from None

    def _not_utf8(self, exc: UnicodeDecodeError) -> Exception:
        """Name the text line holding the first byte that is not UTF-8 (text is decoded in
        chunks, so the row being read when decoding failed may be an earlier one)."""
        with open(self.path, "rb") as stream:
            for line, data in enumerate(stream, 1):
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as bad:
                    problem = f"line {line}: not UTF-8 text ({bad.reason}); save it as UTF-8"
                    return file_error(self.path, problem)
        return file_error(self.path, f"not UTF-8 text ({exc.reason}); save it as UTF-8")

    def position(self) -> int:
        """Bytes read so far (the reader buffers ahead, so this runs slightly early)."""
        return self._raw.tell()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank data row with its spreadsheet row number."""
        try:
            for cells in self._reader:
                self.row += 1
                if any(cells):
                    yield self.row, cells
        except UnicodeDecodeError as exc:
            raise self._not_utf8(exc) from None
        except csv.Error as exc:
            raise file_error(self.path, f"row {self.row + 1}: {exc}") from None

    def column(self, *names: str) -> int | None:
        """Index of the first of `names` present in the header (case-insensitive)."""
        self.refuse_duplicates(names)
        for name in names:
            if name in self.columns:
                return self.columns[name]
        return None

    def picker(self, names: tuple[str, ...]) -> Callable[[list[str]], dict[str, str]]:
        """A function giving a row's stripped cells by column name ("" where absent)."""
        self.refuse_duplicates(names)
        picks = [(name, self.columns.get(name)) for name in names]

        def pick(cells: list[str]) -> dict[str, str]:
            size = len(cells)
            return {n: cells[i].strip() if i is not None and i < size else "" for n, i in picks}

        return pick

    def close(self) -> None:
        if not self._text.closed:
            self._fields.__exit__(None, None, None)
            self._text.close()

    def __enter__(self) -> CsvInput:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
