# Paperscope: `make run` serves the app with a demo corpus, `make test` runs the tests.
# Both set everything up first (a virtualenv in .venv, the embedded PostgreSQL in var/).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
# MkDocs Material prints a notice of its end of life (May 2027) on every build.
export NO_MKDOCS_2_WARNING := 1

.PHONY: run worker test lint bench bench-import bench-embed bench-search bench-freshness bench-load bench-harvest bench-digests bench-map bench-scale bench-mcp bench-links bench-citations bench-backup bench-similar bench-authors bench-hnsw bench-map-trust eval-qbe docs docs-serve setup migrate clean

# Web, broker, the embedding worker, the worker for the rest and the keyword index writer
# (Procfile); Ctrl-C stops them all, the broker last.
run: setup migrate
	$(PY) manage.py load_demo
	$(PY) manage.py export_query_encoder
	@echo "Daily harvest: $(if $(filter true 1 yes on,$(HARVEST_ENABLED)),on (arXiv at $${HARVEST_ARXIV_AT:-02:30} UTC, Hugging Face upvotes every $${HARVEST_HF_EVERY_HOURS:-6} h),off; HARVEST_ENABLED=true make run turns it on (it needs the internet), or run manage.py harvest by hand)."
	@echo "Mail (saved-search digests): $(if $(EMAIL_URL),sent through EMAIL_URL,written as files to var/mail/; set EMAIL_URL=smtp://user:pass@host:587 to send it)."
	$(PY) -m config.devserver broker worker-embeddings worker indexer web

# The workers alone, with the embedded broker unless CELERY_BROKER_URL names one.
worker: setup migrate
	$(PY) -m config.devserver broker worker-embeddings worker

test: setup $(CHROMIUM)
	$(PY) -m pytest

# The browser tests drive Debian's Chromium through Playwright (never `playwright install`).
$(CHROMIUM):
	$(SUDO) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium

lint: setup
	$(VENV)/bin/ruff check .

# The documentation site (mkdocs.yml): built strictly into var/site/, so a broken link, a
# page left out of the nav or a setting nobody described fails; served with live reload.
docs: setup
	$(PY) -m mkdocs build --strict

docs-serve: setup
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8001

bench: bench-import bench-embed bench-search bench-freshness bench-load bench-harvest bench-digests bench-map bench-scale bench-mcp bench-links bench-citations bench-backup bench-similar bench-authors

# Author names over the shared corpus (how many people, how many ambiguous), then the
# author page's read for the most prolific authors at 1M papers (BENCH_AUTHORS_ARGS).
bench-authors: setup
	$(PY) bench/authors.py $(BENCH_AUTHORS_ARGS)

# HNSW at 1M: build time, size and recall@10 of each index option (bench/hnsw.py), on the
# database `make bench-scale BENCH_SCALE_ARGS=--keep` left.
bench-hnsw: setup
	$(PY) bench/hnsw.py $(BENCH_HNSW_ARGS)

# The 1M map's trustworthiness for more neighbours, optimisation steps of the placed points
# and larger samples (bench/map_trust.py), on the same kept database.
bench-map-trust: setup
	$(PY) bench/map_trust.py $(BENCH_MAP_TRUST_ARGS)

# What MCP over HTTP costs beside the REST API (bench/agents.py; same requests, both ways).
bench-mcp: setup
	$(PY) bench/agents.py

# Papers with code, model, data links in the shared corpus; code-link precision on 100
# papers labelled by hand (bench/data/code-links-labelled.tsv).
bench-links: setup
	$(PY) bench/links_precision.py

# The citation harvest into the 106k corpus against a local Semantic Scholar-shaped
# server: papers per minute at the documented rate (1 request/s), unpaced, and a refresh.
bench-citations: setup
	$(PY) bench/citations.py

# manage.py backup and restore at 106k papers with vectors: time and size.
bench-backup: setup
	$(PY) bench/backup.py

# Similar papers by words (no vector yet) against by meaning, over the 106k corpus: how
# alike, and each one's nDCG@10 on the two query-by-example dev sets.
bench-similar: setup
	$(PY) bench/qbe_dev.py
	$(PY) bench/qbe_mentions.py
	$(PY) bench/similar.py

# The web app under gunicorn with the 106k corpus and a locust load at rising concurrency.
bench-load: setup
	$(PY) manage.py export_query_encoder
	$(PY) bench/load.py

# How soon writes reach keyword search, with the real writer process, over 106k papers.
bench-freshness: setup
	$(PY) bench/freshness.py

# Query-by-example quality (a paper's title and abstract as the query) on two dev sets
# built from the shared corpus: related by shared authors (bench/qbe_dev.py) and by a
# later paper naming the query's method (bench/qbe_mentions.py). Every mode, then the
# bar for the keyword side: plain BM25 (bm25s) on the same corpus and queries. Then each
# fusion of the two sides, also with the keyword side handicapped (bench/prose_fusion.py).
eval-qbe: setup migrate
	$(PY) bench/qbe_dev.py
	$(PY) bench/qbe_mentions.py
	$(PY) manage.py evaluate var/eval/qbe-dev --run var/eval/qbe-dev.run
	$(PY) manage.py evaluate var/eval/qbe-mentions --run var/eval/qbe-mentions.run
	$(PY) bench/prose_bm25.py var/eval/qbe-dev var/eval/qbe-mentions
	$(PY) bench/prose_fusion.py var/eval/qbe-dev var/eval/qbe-mentions

# The arXiv harvest against a local OAI-PMH server, and the daily page over 106k papers.
bench-harvest: setup
	$(PY) bench/harvest.py

# send_digests for 1,000 users with 5 saved searches each after a day's harvest (106k papers).
bench-digests: setup
	$(PY) bench/digests.py

# The map at 106k: openTSNE against UMAP, build, placement, payload, Chromium timings.
bench-map: setup
	$(PY) bench/map.py --screenshot docs/img/map.png

# The whole product at 1M papers under gunicorn: every page and API operation timed, a
# day's harvest under load, digests to 1,000 users (bench/scale.py; --smoke: 5,000 papers).
bench-scale: setup
	$(PY) bench/scale.py $(BENCH_SCALE_ARGS)

bench-import: setup
	$(PY) bench/import.py

bench-embed: setup
	$(PY) bench/embed.py

# 106k real papers, then 1M (real + perturbed copies); BENCH_SEARCH_SCALES to change.
BENCH_SEARCH_SCALES ?= 106764 1000000
bench-search: setup
	$(PY) manage.py export_query_encoder
	for n in $(BENCH_SEARCH_SCALES); do $(PY) bench/search.py --papers $$n || exit 1; done

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
