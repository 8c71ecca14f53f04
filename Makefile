# Two entry points from a fresh clone: `make demo` and `make test`.
# Both create (or reuse) the virtualenv .venv at the repository's root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench bench-api vendor clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "warmonitor needs Python 3.11 or newer; set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,cluster]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/warmonitor demo

test: $(STAMP)
	scripts/ensure_chromium.sh
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py

bench-api: $(STAMP)
	$(BIN)/python bench/api_speed.py $(if $(DB),--db $(DB))

# Rebuild the front end's vendored assets (Leaflet, topojson-client, world-atlas) from
# npm. Their output is committed: nothing is fetched at install or run time.
vendor:
	scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) build src/*.egg-info
