"""Stage 4, stitch: join the pieces of a row that runs over page breaks.

A physical row at the top of a page whose first cell does not open with an outcome label continues
the last row of the previous page, cell by cell, even when only one column goes on. A row's first
piece may have an empty first cell: widow and orphan control moved its first paragraph whole to
the next page, so the piece at the page foot belongs to the row whose label opens the next page.
A band row sets the section of the rows below it. A piece that can be neither started nor
continued is rejected with its page and position, never dropped.
"""

from __future__ import annotations

from pipeline.stages.models import Cell, PhysicalRow, Position, Reject, RejectKind, Stitched, StitchedRow
from pipeline.stages.text import TextLine, follows, join_lines, outcome_label


def line_reject(reason: str, page: int, line: TextLine) -> Reject:
    return Reject(
        RejectKind.UNPLACED, reason, Position(page, round(line.top, 2), round(line.x0, 2)), line.text
    )


def stitch_rows(rows: list[PhysicalRow], missing_before: frozenset[int] = frozenset()) -> Stitched:
    """Join continued rows; a row cannot continue over a gap where pages are missing."""
    result = Stitched()
    section: str | None = None
    open_row: StitchedRow | None = None
    foot: PhysicalRow | None = None  # a piece with an empty first cell, last on its page so far
    for previous, row in zip([None, *rows], rows):
        pending = foot if foot is not None and row.page == foot.page + 1 else None
        label = None if row.band is not None else _opening_label(row, open_row, pending)
        if foot is not None:
            joins = (
                label is not None
                and row.first_on_page
                and row.page == foot.page + 1
                and row.page not in missing_before
            )
            if not joins:
                _settle_foot(foot, open_row, result)
                foot = None
        if row.first_on_page and row.page in missing_before and open_row is not None:
            result.warnings.append(
                f"outcome {open_row.outcome_id} (page {open_row.pages[0]}) may run on into missing pages: its text may be incomplete"
            )
        if row.band is not None:
            # A band the page break cut in two: its lines at the foot of one page, the rest at
            # the top of the next, no row between them.
            goes_on = (
                row.first_on_page
                and previous is not None
                and previous.band is not None
                and row.page not in missing_before
            )
            section = f"{section} {row.band}" if goes_on else row.band
            open_row = None
            continue
        if label is not None:
            open_row = StitchedRow(
                outcome_id=label,
                section=section,
                cells=[[] for _ in row.cells],
                pages=[],
                top=(foot or row).top,
                x0=(foot or row).x0,
            )
            for piece in (foot, row):
                if piece is not None:
                    _continue(open_row, piece)
            result.rows.append(open_row)
        elif row.first_on_page and open_row is not None and row.page not in missing_before:
            _continue(open_row, row)
        elif not row.first_on_page and row.cells[0].empty:
            # A row's first piece, if the next page opens with a label. One cut off by white
            # space alone may yet be the open row's own: it stays open until the next page says.
            foot, open_row = row, (open_row if row.cut_by_white else None)
            continue
        else:
            reason = (
                "row continues from a page that is missing or has no open row"
                if row.first_on_page
                else "row has no outcome label in its first cell"
            )
            result.rejects.append(_reject(row, reason))
            open_row = None
        foot = None
    if foot is not None:
        _settle_foot(foot, open_row, result)
    return result


def _opening_label(row: PhysicalRow, open_row: StitchedRow | None, foot: PhysicalRow | None) -> str | None:
    """The outcome label the piece opens a row with, if it opens one. `foot`: a piece with an
    empty first cell at the foot of the page before, below the open row's last piece."""
    label = outcome_label(row.cells[0].lines[0].text if row.cells[0].lines else "")
    if (
        label is not None
        and row.first_on_page
        and open_row is not None
        and (
            not follows(open_row.outcome_id, label)
            or (
                _could_be_an_item(label)
                and _sentence_goes_on(_open_row_shown_last(open_row, foot), row)
                and not _cells_resume(_above_break(open_row, foot), row)
            )
        )
    ):
        # "i. ..." at the top of a page after row "D2" is a paragraph of D2's cell that the
        # page break happened to fall before, not a new outcome; so is "i." after "h" when
        # another cell of the piece goes on with a sentence the page before left open.
        return None
    return label


def _settle_foot(foot: PhysicalRow, open_row: StitchedRow | None, result: Stitched) -> None:
    """A foot piece that no row of the next page takes: the open row's own paragraphs when only
    white space cut it off, else a reject."""
    if foot.cut_by_white and open_row is not None:
        last = open_row.pieces[-1]
        for column, (lines, cell) in enumerate(zip(open_row.cells, foot.cells)):
            if cell.empty:
                continue
            if last.page == foot.page and not last.cells[column].empty:
                lines[-1] = (*lines[-1], *cell.lines)  # the same cell, further down its page
            else:
                lines.append(cell.lines)
    else:
        result.rejects.append(_reject(foot, "row has no outcome label in its first cell"))


def _could_be_an_item(label: str) -> bool:
    """Whether a label in sequence could be a cell's own list item too: a plain letter ("i.", "v.",
    "C." as roman numerals or a lettered list), not a numbered one ("B1" after "A1" opens its row,
    though an SDG target the cell above left without a full stop is followed by a URL)."""
    return not any(ch.isdigit() for ch in label)


def _above_break(open_row: StitchedRow, foot: PhysicalRow | None) -> list[Cell]:
    """Per column, the cell whose last line the page before shows last: the foot piece's where it
    has text (it lies below the open row's last piece), else the open row's last piece's."""
    last = open_row.pieces[-1].cells
    if foot is None:
        return list(last)
    return [own if below.empty else below for own, below in zip(last, foot.cells)]


def _open_row_shown_last(open_row: StitchedRow, foot: PhysicalRow | None) -> list[Cell]:
    """Per column, the open row's cell that the page before shows last, where nothing lies below
    it: a sentence going on from a foot piece's cell says nothing of the open row, whichever row
    the foot piece is."""
    last = open_row.pieces[-1].cells
    if foot is None:
        return list(last)
    return [own if below.empty else Cell(()) for own, below in zip(last, foot.cells)]


def _sentence_goes_on(above: list[Cell], row: PhysicalRow) -> bool:
    """Whether a cell of the piece opens in the middle of a sentence that the open row's cell left
    unfinished ("... information and" | "protect fundamental freedoms"): a new row's cells start
    afresh. Only a cell the open row's last piece shows can go on: a cell that ended on an
    earlier page left the page before empty (a URL that opens the next row's cell in lower case
    continues nothing). `above`: per column, the cell the page before shows last."""
    for last, cell in zip(above[1:], row.cells[1:]):
        if last.lines and cell.lines:
            before, after = last.lines[-1].text.rstrip(), cell.lines[0].text.lstrip()
            if before and after and (before[-1].islower() or before[-1] == ",") and after[0].islower():
                return True
    return False


def _cells_resume(above: list[Cell], row: PhysicalRow) -> bool:
    """Whether the piece has text in a cell that the open row's last piece left empty: a cell goes
    on only from the page before, so such a piece starts a row of its own ("c." with its timing
    "2020-2023", the open row's timing cell ended two pages up)."""
    return any(cell.lines and not last.lines for last, cell in zip(above[1:], row.cells[1:]))


def _reject(row: PhysicalRow, reason: str) -> Reject:
    return Reject(RejectKind.UNPLACED, reason, Position(row.page, row.top, row.x0), _row_text(row))


def _continue(open_row: StitchedRow, row: PhysicalRow) -> None:
    for pieces, cell in zip(open_row.cells, row.cells):
        if not cell.empty:
            pieces.append(cell.lines)
    open_row.pages.append(row.page)
    open_row.pieces.append(row)


def _row_text(row: PhysicalRow) -> str:
    return "\n".join(join_lines([line.text for line in cell.lines]) for cell in row.cells if not cell.empty)
