"""The extraction stages, in the order `pipeline.extraction` runs them.

Each stage is a function from one typed value to the next; the values are in `models`:

1. `load`        PDF -> `Document`: per page its glyphs, rules, fills (PDFium through pypdfium2)
2. `layout`      `Document` -> `DocumentLayout`: header template (`header`, `columns`), furniture
                 (`furniture`), band lines (`bands`), footnote area; per action line a `Table`
3. `rows`        `Table` -> `TableRows`: physical rows of cells on each page
4. `stitch`      `TableRows` -> `Stitched`: rows joined over page breaks; pieces that fit nowhere rejected
5. `assemble`    `StitchedRow` -> `Candidate`: cell text in paragraphs (`paragraphs`), typed fields (`fields`)
6. `validate`    `Candidate` -> `Validated`: records by the contract (`pipeline.records`), or rejects
7. `checks`      records against what the document says -> `Check` findings, a verdict per table

`text` (lines, words, labels) and `settings` (every threshold, in units of the text's size) serve them all.
"""
