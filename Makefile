# Two commands on a fresh machine: `make extract` and `make test`.
# Each builds the virtual environment first when it is missing or pyproject.toml changed:
# `make extract` (and `make install`) installs what the `roadmap` command needs, the test targets
# add the test extra, `make bench` the bench extra.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
OUT ?= output

.PHONY: install extract test lint test-synth fuzz faults bench diff report xlsx history docs-shot clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

# `make extract` extracts every edition declared in sources/sources.json;
# `make extract PDF=path.pdf EDITION=2021` extracts one file.
extract: $(STAMP)
ifdef PDF
	$(PY) -m pipeline extract "$(PDF)" $(if $(EDITION),--edition "$(EDITION)") --out "$(OUT)"
else
	$(PY) -m pipeline extract-sources --out "$(OUT)"
endif

test: $(TEST_STAMP)
	$(PY) -m pytest -q -n auto

# Lint (ruff), format (ruff format --check), types (mypy) and the layers of pyproject.toml
# (import-linter) on pipeline/; CI runs it before the tests.
lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check pipeline
	$(VENV)/bin/ruff format --check pipeline
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Hundreds of generated editions per engine; SYNTH_SEEDS=first:last picks the seed range,
# SYNTH_ENGINES=reportlab,writer the engines (writer: LibreOffice, see tests/synth/writer.py).
SYNTH_SEEDS ?= 0:320
SYNTH_ENGINES ?= reportlab,writer
test-synth: $(TEST_STAMP)
	SYNTH_SEEDS=$(SYNTH_SEEDS) SYNTH_ENGINES=$(SYNTH_ENGINES) $(PY) -m pytest -q -n auto -m slow tests/test_synthetic_editions.py

# `make diff OLD=2019 NEW=2020`: both editions must be extracted first (`make extract`).
diff: $(STAMP)
	$(if $(and $(OLD),$(NEW)),,$(error give both editions: make diff OLD=2019 NEW=2020))
	$(PY) -m pipeline diff "$(OLD)" "$(NEW)" --out "$(OUT)"

# `make xlsx EDITION=2019` writes $(OUT)/2019/roadmap-2019.xlsx; DIFF=2019..2020 adds that diff's changes.
xlsx: $(STAMP)
	$(if $(EDITION),,$(error give the edition: make xlsx EDITION=2019 [DIFF=2019..2020]))
	$(PY) -m pipeline export "$(EDITION)" --xlsx $(if $(DIFF),--diff "$(DIFF)") --out "$(OUT)"

# Each outcome through every extracted edition: $(OUT)/history/ (history.parquet, history.html).
history: $(STAMP)
	$(PY) -m pipeline history --out "$(OUT)"

# `make report EDITION=2019` writes $(OUT)/2019/report.html, each record beside its page region;
# PDF=path.pdf when the edition's PDF is not declared in sources/.
report: $(STAMP)
	$(if $(EDITION),,$(error give the edition: make report EDITION=2019))
	$(PY) -m pipeline report "$(EDITION)" $(if $(PDF),--pdf "$(PDF)") --out "$(OUT)"

# Renews docs/review-report.png, the README's picture of the review report (`make test` never writes it).
docs-shot: $(TEST_STAMP)
	UPDATE_DOCS_SHOT=1 $(PY) -m pytest -q tests/test_review.py -k test_report_in_browser

clean:
	rm -rf $(VENV) $(OUT)/*/ .pytest_cache

# Speed and memory against the floors and generic extractors; writes bench/results.md (~7 minutes).
bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/run.py

# Many more mutated PDFs than `make test` runs (FUZZ_CASES picks how many), and every page of both
# replicas damaged each way (badpdfs.DAMAGES), counting silent losses (there must be none).
FUZZ_CASES ?= 600
fuzz: $(TEST_STAMP)
	FUZZ_CASES=$(FUZZ_CASES) FUZZ_FIRST=1000 FUZZ_DAMAGE=all $(PY) -m pytest -q -s tests/test_fuzz.py

# Extraction of HTML editions printed by Chromium and WeasyPrint (marked html_pending, left out of
# `make test` until the extractor reads them); HTML_SEEDS=first:last picks the seeded editions.
.PHONY: test-html foreign
HTML_SEEDS ?= 0:20
test-html: $(TEST_STAMP)
	HTML_SEEDS=$(HTML_SEEDS) $(PY) -m pytest -q -m html_pending tests/test_html_editions.py

# The current extractor scored on the real roadmap text typeset by other engines (tests/helpers/foreign.py);
# FOREIGN_OUT is where the PDFs, expected and extracted records go.
FOREIGN_OUT ?= $(OUT)/foreign
foreign: $(TEST_STAMP)
	cd tests && ../$(PY) -m helpers.foreign "$(abspath $(FOREIGN_OUT))" $(if $(ENGINES),--engines $(ENGINES)) $(if $(LAYOUTS),--layouts $(LAYOUTS))

# SIGTERM, Ctrl-C and SIGKILL sent at many instants around the fork and the write of an extraction;
# FAULT_TRIALS picks how many. Prints how the trials ended.
FAULT_TRIALS ?= 240
faults: $(STAMP)
	rm -f .faults.log
	FAULT_TRIALS=$(FAULT_TRIALS) FAULT_FIRST=1000 FAULT_LOG=.faults.log $(PY) -m pytest -q tests/test_faults.py
	sort .faults.log | uniq -c
