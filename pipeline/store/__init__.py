"""Storage: an extraction on disk, and the edition folders and dataset read back.

`write` puts an `Extraction` into its edition folder (JSON, Parquet, CSV, manifest) and the
dataset partition, swapped in together (`atomic`); `tidy` derives the long tables from the records,
`formats` the file formats; `dataset`, `editions`, `lock`, `sources` name and guard the folders and
the declared source PDFs; `export` writes the workbook.
"""
