# teamsim: `make app` starts the Streamlit app on 127.0.0.1 (`teamsim app`), `make test` runs every test.
# Both create their own virtual environment in .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: app test lint typecheck docs bench bench-docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

app: $(STAMP)
	$(BIN)/teamsim app --port $(PORT)

test: $(STAMP)
	$(BIN)/mypy
	$(BIN)/python -m pytest

typecheck: $(STAMP)
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check teamsim tests app.py teamsim_app benchmarks

# the documentation site (mkdocs.yml) into site/: offline, warnings are errors
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# every benchmark, all run even after a miss, and docs/benchmarks.md written from that run
# (FULL=1: also exact path length at N = 1e5, half an hour more); fails if any value differs
# or any target is missed
bench: $(STAMP)
	$(BIN)/python benchmarks/make_docs_figures.py $(if $(FULL),--full,)

# docs/benchmarks.md written again from the kept output (docs/data/benchmarks/), nothing run
bench-docs: $(STAMP)
	$(BIN)/python benchmarks/make_docs_figures.py --from docs/data/benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis site
