# The two commands a newcomer needs: `make demo` and `make test`. Each builds .venv on first use.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,postgres]'
	@touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/promisewatch demo

test: $(STAMP)
	@$(BIN)/python -m pytest -q

lint: $(STAMP)
	@$(BIN)/ruff check trackers bot tests bench
	@$(BIN)/mypy

bench: $(STAMP)
	@$(BIN)/python bench/extract_bench.py
	@$(BIN)/python bench/check_bench.py
	@$(BIN)/python bench/report_bench.py
	@$(BIN)/python bench/hostile_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache
