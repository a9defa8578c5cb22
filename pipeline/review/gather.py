"""Review report: each extracted record beside the page region it came from.

Off the extract path: `extract` never imports this module. For an edition already on disk, the
geometry stages run again on the PDF (load -> layout -> rows -> stitch) to find where each record
lies, and `report.html` shows the record's fields beside an image of its region on every page it
spans, the detected cell boxes drawn over it. The self-checks' findings come first, each beside the
crop of the page of a record it names, then rejects and warnings, each reject with an image of where
it lies. The report is one self-contained file: images are data: URIs, the CSS and
the script are inline, nothing is fetched.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.display import PageImage
from PIL import Image

from pipeline.errors import PipelineError
from pipeline.extraction import table_rows
from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document
from pipeline.stages.models import DocumentLayout, PhysicalRow, RejectKind, StitchedRow, Table
from pipeline.store.atomic import replace_file
from pipeline.store.formats import read_json

REPORT = "report.html"
RESOLUTION = 80  # dpi of the page images: small files, text still legible
COLOURS = 32  # PNG palette size: page crops are text and rules, few colours
PAD = 6.0  # points of page around a region
CELL_STROKE = (24, 110, 230)
REJECT_STROKE = (220, 30, 30)
REJECT_HEIGHT = 40.0  # points shown below a reject whose extent is unknown


@dataclass
class Shot:
    """An image of a region of one page."""

    page: int
    data_uri: str
    width: int
    height: int
    caption: str


@dataclass
class RecordView:
    record: dict[str, Any]
    anchor: str
    pieces: list[PhysicalRow]
    shots: list[Shot] = field(default_factory=list)


@dataclass
class RejectView:
    reject: dict[str, Any]
    shots: list[Shot] = field(default_factory=list)


@dataclass
class CheckView:
    """A finding of the self-checks, with the records it names (their views) and the crop of the
    first named record on the finding's first page."""

    check: dict[str, Any]
    records: list[RecordView]
    shots: list[Shot] = field(default_factory=list)


@dataclass
class Review:
    edition: str
    manifest: dict[str, Any]
    records: list[RecordView]
    footnotes: list[dict[str, Any]]
    rejects: list[RejectView]
    warnings: list[str]
    checks: list[CheckView] = field(default_factory=list)

    @property
    def suspect(self) -> set[str]:
        """Anchors of the records a finding names."""
        return {view.anchor for check in self.checks for view in check.records}


def write_report(edition_dir: Path, pdf: Path, password: str | None = None) -> Path:
    """Write `edition_dir/report.html` for an extracted edition and the PDF it came from."""
    from pipeline.review.html import render_html

    review = build_review(edition_dir, pdf, password)
    target = edition_dir / REPORT
    html = render_html(review)
    replace_file(target, lambda path: path.write_text(html, encoding="utf-8"))
    return target


def source_pdf(edition_dir: Path) -> Path:
    """The declared source PDF (sources/sources.json) whose sha256 the edition's manifest names."""
    from pipeline.store.sources import declared_sources

    manifest = _read_json(edition_dir, "manifest.json")
    wanted = manifest.get("source", {}).get("sha256")
    for source in declared_sources():
        if source.sha256 == wanted and source.path.is_file():
            return source.path
    name = manifest.get("source", {}).get("file", "?")
    raise PipelineError(
        f"{edition_dir}: its PDF ({name}, sha256 {str(wanted)[:12]}…) is not declared in sources/; pass --pdf PDF"
    )


# --- gathering ----------------------------------------------------------------------------------


def build_review(edition_dir: Path, pdf: Path, password: str | None = None) -> Review:
    manifest = _read_json(edition_dir, "manifest.json")
    records = _read_json(edition_dir, "records.json")
    footnotes = _read_json(edition_dir, "footnotes.json")
    rejects = _read_json(edition_dir, "rejects.json")
    _check_pdf(pdf, manifest, edition_dir)

    layout = read_layout(load_document(pdf, password))
    stitched: list[tuple[Table, StitchedRow]] = []
    physical: list[tuple[Table, PhysicalRow]] = []
    for table, (cut, table_stitched) in zip(layout.tables, table_rows(layout)):
        physical += [(table, row) for row in cut.rows]
        stitched += [(table, row) for row in table_stitched.rows]
    aligned = _align(records, stitched, rejects, edition_dir, pdf)

    views = [
        RecordView(record, anchor, row.pieces)
        for record, anchor, (_, row) in zip(records, _anchors(records), aligned)
    ]
    reject_views = [RejectView(reject) for reject in rejects]
    with pdfplumber.open(pdf, password=password or "") as document:
        camera = _Camera(document)
        for view, (table, row) in zip(views, aligned):
            view.shots = [
                camera.record_shot(table, piece, index, row.pieces) for index, piece in enumerate(row.pieces)
            ]
        for reject_view in reject_views:
            reject_view.shots = camera.reject_shots(reject_view.reject, layout, physical, stitched)
    return Review(
        edition=str(manifest.get("edition") or edition_dir.name),
        manifest=manifest,
        records=views,
        footnotes=footnotes,
        rejects=reject_views,
        warnings=list(manifest.get("warnings", [])),
        checks=_check_views(manifest.get("checks") or [], views),
    )


def _check_views(checks: list[dict[str, Any]], views: list[RecordView]) -> list[CheckView]:
    """Each finding beside the records it names; its picture is the first named record's crop of the
    finding's first page (the record's own shot, already made: no page is rendered again)."""
    by_id = {view.record.get("record_id"): view for view in views}
    found = []
    for check in checks:
        named = [by_id[i] for i in check.get("record_ids") or [] if i in by_id]
        pages = check.get("pages") or []
        shots = [s for view in named for s in view.shots if not pages or s.page in pages][:1]
        found.append(CheckView(check, named, shots))
    return found


def _read_json(edition_dir: Path, name: str) -> Any:
    missing = f"{edition_dir}: no extracted edition there ({name} is missing; run extract first)"
    return read_json(edition_dir / name, missing)


def _check_pdf(pdf: Path, manifest: dict[str, Any], edition_dir: Path) -> None:
    if not pdf.is_file():
        raise PipelineError(f"{pdf}: no such file")
    source = manifest.get("source") or {}
    try:
        have = hashlib.sha256(pdf.read_bytes()).hexdigest()
    except OSError as error:
        raise PipelineError(f"{pdf}: cannot read the file ({error.strerror or error})") from None
    if have != source.get("sha256"):
        raise PipelineError(
            f"{pdf.name}: not the PDF that {edition_dir.name} was extracted from "
            f"(sha256 {have[:12]}…, the manifest names {source.get('file')} with sha256 {str(source.get('sha256'))[:12]}…)"
        )


def _align(
    records: list[dict[str, Any]],
    stitched: list[tuple[Table, StitchedRow]],
    rejects: list[dict[str, Any]],
    edition_dir: Path,
    pdf: Path,
) -> list[tuple[Table, StitchedRow]]:
    """Stitched rows in records.json order: the rows that failed validation are the only ones left out."""
    failed = {_at(r.get("page"), r.get("top", 0), r.get("x0", 0)) for r in rejects if _failed_validation(r)}
    kept = [(t, row) for t, row in stitched if _at(row.pages[0], row.top, row.x0) not in failed]

    def key(action_line: Any, outcome_id: Any, pages: Sequence[int]) -> str:
        return f"{action_line} {outcome_id} (pages {', '.join(map(str, pages))})"

    for index in range(max(len(records), len(kept))):
        want = (
            key(records[index]["action_line"], records[index]["outcome_id"], records[index]["pages"])
            if index < len(records)
            else "nothing"
        )
        have = (
            key(kept[index][0].action_line, kept[index][1].outcome_id, sorted(set(kept[index][1].pages)))
            if index < len(kept)
            else "nothing"
        )
        if want != have:
            raise PipelineError(
                f"{edition_dir / 'records.json'} does not match the rows of {pdf.name}: record {index + 1} is {want}, "
                f"the PDF's row is {have} (extracted by another pipeline version? run extract again)"
            )
    return kept


def _anchors(records: list[dict[str, Any]]) -> list[str]:
    """ "C2-A" per record; "C6-a-2" for the second outcome "a" of C6 (in another section)."""
    taken: set[str] = set()
    anchors = []
    for record in records:
        base = "".join(
            ch if ch.isalnum() or ch == "-" else "_"
            for ch in f"{record['action_line']}-{record['outcome_id']}"
        )
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        anchors.append(anchor)
    return anchors


# --- images -------------------------------------------------------------------------------------


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in page points


class _Camera:
    """Page crops as small PNG data URIs, boxes drawn over them."""

    def __init__(self, document: pdfplumber.PDF) -> None:
        self.document = document
        # The last page rendered whole: shots come in page order, and each would render its page again.
        self._rendered: tuple[int, Image.Image] | None = None

    def record_shot(self, table: Table, piece: PhysicalRow, index: int, pieces: list[PhysicalRow]) -> Shot:
        left, right = table.span
        cells = [(max(c.x0, left), piece.top - 2, min(c.x1, right), piece.bottom + 2) for c in table.columns]
        region = (left - PAD, piece.top - PAD, right + PAD, piece.bottom + PAD)
        caption = f"page {piece.page}"
        if len(pieces) > 1:
            if index > 0:
                caption += f", continued from page {pieces[index - 1].page}"
            if index + 1 < len(pieces):
                caption += f", continues on page {pieces[index + 1].page}"
        return self.shot(piece.page, region, cells, CELL_STROKE, caption)

    def reject_shots(
        self,
        reject: dict[str, Any],
        layout: DocumentLayout,
        physical: list[tuple[Table, PhysicalRow]],
        stitched: list[tuple[Table, StitchedRow]],
    ) -> list[Shot]:
        """Where a reject lies: its row (one piece or all of a stitched row), its line, else a band of the page."""
        page, top, x0 = reject.get("page"), reject.get("top"), reject.get("x0")
        if not (
            isinstance(page, int)
            and 1 <= page <= len(self.document.pages)
            and isinstance(top, (int, float))
            and isinstance(x0, (int, float))
        ):  # no position on a page (or a tampered one)
            return []
        at = _at(page, top, x0)
        if _failed_validation(reject):
            for table, row in stitched:
                if _at(row.pages[0], row.top, row.x0) == at:
                    return [self._piece(table, piece, f"page {piece.page}") for piece in row.pieces]
        for table, piece in physical:
            if _at(piece.page, piece.top, piece.x0) == at:
                return [self._piece(table, piece, f"page {page}")]
        for line in layout.pages[page - 1].outside:
            if _at(page, line.top, line.x0) == at:
                box = (line.x0 - 1, line.top - 1, line.x1 + 1, line.bottom + 1)
                return [self.shot(page, _around(box, layout), [box], REJECT_STROKE, f"page {page}")]
        box = (x0 - 1, top - 1, x0 + 200, top + REJECT_HEIGHT)
        return [self.shot(page, _around(box, layout), [box], REJECT_STROKE, f"page {page} (extent unknown)")]

    def _piece(self, table: Table, piece: PhysicalRow, caption: str) -> Shot:
        left, right = table.span
        box = (piece.x0 - 1, piece.top - 1, piece.x1 + 1, piece.bottom + 1)
        region = (min(left, piece.x0) - PAD, piece.top - PAD, max(right, piece.x1) + PAD, piece.bottom + PAD)
        return self.shot(piece.page, region, [box], REJECT_STROKE, caption)

    def shot(
        self, page_number: int, region: Box, boxes: list[Box], stroke: tuple[int, int, int], caption: str
    ) -> Shot:
        """Boxes are in the page's coordinates as typeset (load's), which differ from pdfplumber's on a /Rotate page."""
        page = self.document.pages[page_number - 1]
        rotation = page.rotation % 360
        to_shown = _rotation(rotation, page.width, page.height)
        x0, top, x1, bottom = page.bbox
        shown = to_shown(*region)
        shown = (max(shown[0], x0), max(shown[1], top), min(shown[2], x1), min(shown[3], bottom))
        if self._rendered is None or self._rendered[0] != page_number:
            self._rendered = (page_number, page.to_image(resolution=RESOLUTION).original)
        image = PageImage(page.crop(shown), original=self._rendered[1], resolution=RESOLUTION)
        image.draw_rects(
            [_clip(to_shown(*b), shown) for b in boxes], stroke=stroke, fill=(0, 0, 0, 0), stroke_width=1
        )
        # Turn the crop back to the way the table was typeset, so that it reads upright.
        upright = image.annotated.rotate(rotation, expand=True) if rotation else image.annotated
        picture = upright.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
        buffer = io.BytesIO()
        picture.save(buffer, "PNG", optimize=True)
        uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
        return Shot(page_number, uri, picture.width, picture.height, caption)


def _at(page: Any, top: Any, x0: Any) -> tuple[Any, Any, Any]:
    """Where a row or line starts, as rejects.json gives it (rounded to 0.01 pt; a tampered value that
    is no number stays as it is, and matches nothing)."""
    return (page, *(round(v, 2) if isinstance(v, (int, float)) else v for v in (top, x0)))


def _failed_validation(reject: dict[str, Any]) -> bool:
    return reject.get("kind") == RejectKind.INVALID_RECORD.value


def _around(box: Box, layout: DocumentLayout) -> Box:
    """A region around a box: the box's rows, across the table's width where the page has one."""
    spans = [t.span for t in layout.tables]
    left = min([s[0] for s in spans] + [box[0]])
    right = max([s[1] for s in spans] + [box[2]])
    return (left - PAD, box[1] - 3 * PAD, right + PAD, box[3] + 3 * PAD)


def _rotation(
    rotation: int, shown_width: float, shown_height: float
) -> Callable[[float, float, float, float], Box]:
    """A box on the page as typeset (load reads PDFium's unrotated page space) -> the box as pdfplumber shows the page, turned by /Rotate."""
    w, h = shown_width, shown_height
    if rotation == 90:
        return lambda x0, top, x1, bottom: (w - bottom, x0, w - top, x1)
    if rotation == 180:
        return lambda x0, top, x1, bottom: (w - x1, h - bottom, w - x0, h - top)
    if rotation == 270:
        return lambda x0, top, x1, bottom: (top, h - x1, bottom, h - x0)
    return lambda x0, top, x1, bottom: (x0, top, x1, bottom)


def _clip(box: Box, region: Box) -> Box:
    return (max(box[0], region[0]), max(box[1], region[1]), min(box[2], region[2]), min(box[3], region[3]))
