# Two commands for learners and instructors:
#   make lab   - set up (first time only), copy or refresh your own lessons and open
#                them in JupyterLab (in ~/backsafe-legday, or $BACKSAFE_WORK_DIR)
#   make test  - set up (first time only) and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: lab test browser bench clean app hooks

# Learners work on their own copies, outside the repository, so autosave never
# touches notebooks/ (backsafe/working_copies.py; a lesson you changed is never
# overwritten by a course update).
lab: $(STAMP)
	@$(BIN)/python -m backsafe lessons update --from notebooks
	cd "$$($(BIN)/python -m backsafe lessons where)" && \
	  "$(CURDIR)/$(BIN)/jupyter" lab $(ROOT_FLAG) 00-start-here.ipynb

# The lessons as apps (Voila) on 127.0.0.1; nothing anyone enters is saved.
app: $(STAMP)
	$(BIN)/backsafe app

# Two workers (this course's reference machine has two cores); conftest.py keeps
# each notebook's cells on one worker and splits the browser tests in two.
JOBS ?= 2

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(JOBS)

# Contributors: the git hooks (nbstripout keeping cell ids, and ruff) from .venv.
hooks: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/pre-commit install

browser: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/browser -v

# Static delivery (issue 13): needs Node.js/npm once, to vendor the page scripts.
.PHONY: site slides pdf
site: $(STAMP)
	$(BIN)/backsafe site

slides: $(STAMP)
	$(BIN)/backsafe slides

# One printable PDF per lesson (build/pdf/), printed by Debian's Chromium from the site.
pdf: $(STAMP)
	$(BIN)/backsafe pdf

bench: $(STAMP)
	@mkdir -p build
	$(BIN)/python benchmarks/bench.py --output build/bench.md

$(STAMP): pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Back-Safe Leg Day needs Python 3.10 or newer; this is " + sys.version.split()[0] + ". Install a newer Python, or run: make PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# uv installs in seconds; plain pip is the fallback if uv cannot be had. Both
	@# compile bytecode, so no kernel compiles its dependencies from source.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv \
	  && $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[test]' \
	  || $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@# uv compiles only what it installs; packages already in the venv get theirs here.
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

clean:
	rm -rf $(VENV) build .pytest_cache
