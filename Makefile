# The two commands: `make run` and `make test`. Each installs the system packages it needs
# (deploy/system-packages.txt, through deploy/system-packages.sh: apt-get as root, sudo -n
# otherwise, or one line with the command to run) and creates/updates .venv itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := deploy/system-packages.sh

.PHONY: run test check bench lint i18n clean system-packages-run system-packages-test

# Prerequisites are made left to right: the system packages first, so a missing one stops the
# command before anything else happens.
run: system-packages-run $(STAMP)
	$(PY) main.py $(ARGS)

test: system-packages-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)
	$(PY) main.py check content

system-packages-run:
	@$(SYSTEM_PACKAGES) qt x11 speech venv

system-packages-test:
	@$(SYSTEM_PACKAGES) qt x11 speech venv kiosk test

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

check: $(STAMP)
	$(PY) main.py check content

bench: system-packages-run $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

# The interface translations: bring every resources/i18n/*.ts up to date with the code, then
# build the .qm files (both are committed; see README, "Other languages").
i18n: $(STAMP)
	$(PY) tools/i18n.py update
	$(PY) tools/i18n.py build

lint: $(STAMP)
	$(PY) -m ruff check kiosk tests bench tools main.py
	$(PY) -m mypy

clean:
	rm -rf $(VENV) .pytest_cache build dist

# --- The self-contained app for machines without Python (issue 12, docs/install-laptop.md) ---
# PyInstaller is installed into the venv by these targets only (the `dist` extra), never by
# `make test`. Output in dist/ (git-ignored): dist/dystonia-kiosk/ (the app, with content/
# beside the executable) and, on Debian/Ubuntu, dist/dystonia-kiosk_<version>_<arch>.deb.
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: dist deb test-dist

$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dist]'
	touch $(DIST_STAMP)

dist: $(STAMP) $(DIST_STAMP)
	$(PY) -m PyInstaller --noconfirm --log-level WARN packaging/dystonia-kiosk.spec
	if command -v dpkg-deb >/dev/null 2>&1; then packaging/build-deb.sh; fi

# The .deb alone, from the app `make dist` built.
deb: $(STAMP)
	packaging/build-deb.sh

# Builds the app in a temporary folder and runs it (tests/packaging; about 3 minutes). As root
# with CI=true or KIOSK_DIST_INSTALL=1 it also installs the .deb, runs it and removes it again.
# KIOSK_DIST_DIR=dist tests the app already in dist/ instead of building one.
test-dist: $(STAMP) $(DIST_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m slow tests/packaging $(PYTEST_ARGS)
