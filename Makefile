# Paperscope: `make run` serves the app with a demo corpus, `make test` runs the tests.
# Both set everything up first (a virtualenv in .venv, the embedded PostgreSQL in var/).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test lint bench bench-import setup migrate clean

run: setup migrate
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

bench: bench-import

bench-import: setup
	$(PY) bench/import.py

setup: $(STAMP)

# torch first, pinned: the CPU build lies on disk here, while a bare `torch` requirement
# would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Paperscope needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

clean:
	rm -rf $(VENV) var
