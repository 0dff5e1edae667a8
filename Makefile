# Two commands for a fresh machine: `make run` (install and start the bot) and `make test` (install and test).
# `make lint` (ruff and mypy, as configured in pyproject.toml) runs in CI before the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install sandbox upgrade clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bench,lint]'
	touch $(STAMP)

install: $(STAMP)

upgrade: install
	$(BIN)/delegation-bot db upgrade

# Without a bot token in .env this starts the browser sandbox, so a fresh machine sees the bot working.
run: upgrade
	$(BIN)/delegation-bot run --or-sandbox

# The browser sandbox: the real bot, the Bot API emulator, a demo database and a web chat page on 127.0.0.1.
sandbox: install
	$(BIN)/delegation-bot sandbox $(SANDBOX_ARGS)

# One pytest-xdist worker per CPU core (two here and in CI); TEST_WORKERS=0 runs the suite in one process.
# pytest exits 5 when it collected nothing: say so, and fail rather than pass on an empty run.
TEST_WORKERS ?= auto
test: install
	@$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; exit $$status

# Both run even when the first fails, so one run shows every finding; either failing fails the target.
lint: install
	@status=0; $(BIN)/ruff check . || status=1; $(BIN)/mypy || status=1; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
