#!/usr/bin/python3
"""LibreOffice behind a pipe: typesets .fodt documents, exports their PDF, and says on which pages
each paragraph was laid out. Runs under Debian's /usr/bin/python3 (python3-uno cannot be imported
by the project's own interpreter); lo_client.py starts it and talks JSON lines over stdin/stdout.

One soffice per bridge, with its own profile (the folder given as the one argument, which the
client removes) and pipe name: other people run LibreOffice on the same machine. It is started at
the first request, restarted when it dies, and terminated at the end of the input.

Request:  {"fodt": PATH, "pdf": PATH, "probe": [{"where": ["cell", TABLE, CELL, i] | ["body", i] | ["footnote", k, i],
          "full": bool}, ...], "break_chars": CHARS}
Response: {"ok": true, "page_count": N, "tables": {NAME: {"pages": [first, last], "cells": {CELL: [start, end]}}},
          "body": [{"text": s, "pages": [start, end]}], "footnotes": [{"anchor": p, "pages": [s, e]}],
          "probes": [{"text": s, "breaks": [offsets]}], "seconds": t}: a probed paragraph's line breaks,
          all of them ("full") or those inside a word after one of CHARS (or before a dash)
          or {"ok": false, "error": "..."}; {"quit": true} ends the bridge.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException
from com.sun.star.uno import RuntimeException

START_TIMEOUT = 90  # seconds for a fresh soffice to accept connections (a new profile is slow)
# Nothing is typed, so autocorrect never runs on a loaded document; off all the same, with
# automatic hyphenation, so that nothing in the profile can alter the text.
PROFILE_SETTINGS = {
    "/org.openoffice.Office.Common/AutoCorrect": ("UseReplacementTable", "TwoCapitalsAtStart", "CapitalAtStartSentence",
                                                  "ChangeUnderlineWeight", "SetInetAttribute", "ChangeOrdinalNumber",
                                                  "AddNonBreakingSpace", "ChangeDash", "CorrectAccidentalCapsLock"),
    "/org.openoffice.Office.Writer/AutoFunction/Format/Option": ("UseReplacementTable", "TwoCapitalsAtStart",
                                                                  "CapitalAtStartSentence", "ChangeDash", "ChangeOrdinalNumber"),
    "/org.openoffice.Office.Writer/AutoFunction/Completion": ("Enable",),
    "/org.openoffice.Office.Linguistic/Hyphenation": ("IsHyphAuto",),
}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def write_profile(folder):
    items = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>false</value></prop></item>'
                    for path, names in PROFILE_SETTINGS.items() for name in names)
    os.makedirs(os.path.join(folder, "user"), exist_ok=True)
    with open(os.path.join(folder, "user", "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                f'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{items}</oor:items>')


class Office:
    def __init__(self, folder):
        self.folder = folder
        self.pipe = f"roadmap_lo_{os.getpid()}_{os.path.basename(self.folder)}"
        self.proc = self.desktop = None

    def start(self):
        write_profile(self.folder)
        self.proc = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
             f"-env:UserInstallation=file://{self.folder}", f"--accept=pipe,name={self.pipe};urp;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + START_TIMEOUT
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"soffice did not start (exit status {self.proc.poll()})")
                time.sleep(0.2)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def stop(self):
        if self.proc is None:
            return
        try:
            self.desktop.terminate()
        except Exception:  # already dead: nothing to tell
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = self.desktop = None

    def render(self, request):
        """Render one document, restarting soffice once if it died under us."""
        for attempt in (1, 2):
            if self.proc is None or self.proc.poll() is not None:
                self.stop()
                self.start()
            try:
                return render(self.desktop, request)
            except (DisposedException, RuntimeException) as e:
                if attempt == 2:
                    raise
                sys.stderr.write(f"lo_bridge: soffice lost ({e}); restarting\n")
                self.stop()


class Pages:
    """Pages of text ranges, read with the view cursor after layout."""

    def __init__(self, doc):
        self.cursor = doc.getCurrentController().getViewCursor()

    def at(self, position):
        self.cursor.gotoRange(position, False)
        return self.cursor.getPage()

    def span(self, text_range):
        return [self.at(text_range.getStart()), self.at(text_range.getEnd())]

    def line_ends(self, text, paragraph, whole):
        """Offsets in the paragraph's string where its lines end, the last one aside: line by line."""
        cursor, ends = self.cursor, []
        cursor.gotoRange(paragraph.getStart(), False)
        for _ in range(len(whole) + 1):
            cursor.gotoEndOfLine(False)
            counter = text.createTextCursorByRange(paragraph.getStart())
            counter.gotoRange(cursor.getStart(), True)
            ends.append(len(counter.getString()))
            if ends[-1] >= len(whole) or not cursor.goRight(1, False):
                break
        return [k for k in ends if k < len(whole)]

    def breaks_among(self, text, paragraph, offsets):
        """Those of the offsets where a line ends: far fewer calls than reading every line."""
        out, walker, at = [], text.createTextCursorByRange(paragraph.getStart()), 0
        for k in offsets:  # ascending: one cursor walks the paragraph
            walker.goRight(k - at, False)
            at = k
            self.cursor.gotoRange(walker, False)
            if self.cursor.isAtStartOfLine() or self.cursor.isAtEndOfLine():
                out.append(k)
        return out


def inside_word_candidates(whole, chars):
    """Offsets inside a word where a line may break: after one of `chars`, or before a dash of them."""
    return [k for k in range(1, len(whole)) if not whole[k - 1].isspace() and not whole[k].isspace()
            and (whole[k - 1] in chars or (whole[k] in chars and whole[k] in "–—"))]


def paragraphs(text):
    items = text.createEnumeration()
    out = []
    while items.hasMoreElements():
        out.append(items.nextElement())
    return out


def read_tables(doc, pages):
    """Pages of each cell's text, start to end: a cell's paragraphs between are in order, so its
    start and end pages are all a record needs (and one call per paragraph would cost seconds)."""
    tables = {}
    names = doc.getTextTables()
    for name in names.getElementNames():
        table = names.getByName(name)
        cells = {cell_name: pages.span(table.getCellByName(cell_name)) for cell_name in table.getCellNames()}
        tables[name] = {"pages": [min(s[0] for s in cells.values()), max(s[1] for s in cells.values())], "cells": cells}
    return tables


def render(desktop, request):
    started = time.time()
    url = uno.systemPathToFileUrl(os.path.abspath(request["fodt"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        return {"ok": False, "error": f"LibreOffice could not load {request['fodt']}"}
    timings = {"load": time.time() - started}
    try:
        pages = Pages(doc)
        # paragraphs outside tables, less the empty ones LibreOffice puts after a table that ends the document
        body = [(p, p.getString()) for p in paragraphs(doc.getText()) if not p.supportsService("com.sun.star.text.TextTable")]
        body = [(p, s) for p, s in body if s.strip()]
        notes = doc.getFootnotes()
        notes = [notes.getByIndex(k) for k in range(notes.getCount())]
        out = {
            "ok": True,
            "page_count": doc.getCurrentController().PageCount,
            "tables": read_tables(doc, pages),
            "body": [{"text": s, "pages": pages.span(p)} for p, s in body],
            "footnotes": [{"anchor": pages.at(n.getAnchor().getStart()), "pages": pages.span(n)} for n in notes],
        }
        timings["pages"] = time.time() - started - sum(timings.values())
        tables = doc.getTextTables()
        out["probes"] = []
        for probe in request.get("probe", []):
            where = probe["where"]
            if where[0] == "cell":
                text = tables.getByName(where[1]).getCellByName(where[2]).getText()
            elif where[0] == "footnote":
                text = notes[where[1]]
            else:
                text = doc.getText()
            if where[0] == "body":
                paragraph = body[where[1]][0]
            else:
                paragraph = paragraphs(text)[where[-1]]
            whole = paragraph.getString()
            if probe["full"]:
                breaks = pages.line_ends(text, paragraph, whole)
            else:
                breaks = pages.breaks_among(text, paragraph, inside_word_candidates(whole, request["break_chars"]))
            out["probes"].append({"text": whole, "breaks": breaks})
        timings["probes"] = time.time() - started - sum(timings.values())
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(request["pdf"])), (prop("FilterName", "writer_pdf_Export"),))
        timings["pdf"] = time.time() - started - sum(timings.values())
        out["seconds"] = round(time.time() - started, 3)
        out["timings"] = {k: round(v, 3) for k, v in timings.items()}
        return out
    finally:
        doc.close(True)


def main():
    office = Office(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="roadmap-lo-"))  # the profile
    try:
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("quit"):
                break
            try:
                answer = office.render(request)
            except Exception as e:  # one bad document must not end the bridge
                answer = {"ok": False, "error": f"{type(e).__name__}: {e}"}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    finally:  # also when the client died without a word: its stdin closed
        office.stop()
        shutil.rmtree(office.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
