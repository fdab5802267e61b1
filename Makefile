# Shoal: `make run` installs everything and serves the demo (test payments on) on port 8000, or `make run PORT=8080`;
# `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
SHOAL := $(VENV)/bin/shoal
STAMP := $(VENV)/.installed-stamp
PYTHON ?= python3
PORT ?= 8000

.PHONY: install fonts browser run test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,forecast]'
	touch $(STAMP)

install: $(STAMP)

# Share posters draw Chinese text with Debian's Noto CJK font.
fonts:
	@fc-list 2>/dev/null | grep -qi cjk || { \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq fontconfig fonts-noto-cjk; }

# Browser tests drive Debian's Chromium; Playwright's own browser download is never used.
browser:
	@{ [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi cjk; } || { \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; }

run: install fonts
	$(SHOAL) db upgrade
	$(SHOAL) demo load
	@echo "Console: http://127.0.0.1:$(PORT)/console  owner@demo.shoal / shoal-demo"
	@echo "Shop:    http://127.0.0.1:$(PORT)/shop/demo  shopper1@demo.shoal / shoal-demo"
	SHOAL_DEFAULT_TENANT=$${SHOAL_DEFAULT_TENANT:-demo} SHOAL_MOCK_PAYMENTS_ENABLED=$${SHOAL_MOCK_PAYMENTS_ENABLED:-true} \
	  $(SHOAL) serve --host 127.0.0.1 --port $(PORT)

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports

# The suite runs as one pytest process per core sharing a queue of modules (tests/run-parts, tests/shards.py),
# each printing its own summary and 15 slowest tests.
test: install browser lint
	tests/run-parts

format: install
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

clean:
	rm -rf $(VENV) var .pytest_cache
