# The two commands: `make run` and `make test`. Each installs the system packages it needs
# (deploy/system-packages.txt, through deploy/system-packages.sh: apt-get as root, sudo -n
# otherwise, or one line with the command to run) and creates/updates .venv itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := deploy/system-packages.sh

.PHONY: run test check bench lint clean system-packages-run system-packages-test

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

lint: $(STAMP)
	$(PY) -m ruff check kiosk tests bench tools main.py
	$(PY) -m mypy

clean:
	rm -rf $(VENV) .pytest_cache
