# Objection Coach: the front door. `make run` and `make test` are all a new
# machine needs; everything else is a step of those two.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
STAMP       := $(VENV)/.installed
SPACY_MODEL := build/spacy_zh_jieba
MODEL       := models/objection-coach.tar.gz
GRADER      := models/drill-grader.pkl
# Rasa 3.6 supports Python 3.8-3.10: a python3.10 that runs (PATH, pyenv, /usr).
PYTHON310   := $(shell scripts/find_python310.sh)

# Ports, stores and secrets: .env.example (defaults) and .env (yours).
# Rasa sends usage data and crash reports to rasa.com unless told not to;
# training runs stay on this machine.
export RASA_TELEMETRY_ENABLED ?= false
# Quiet TensorFlow's start-up chatter (Rasa imports it even when unused).
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

TRAINING_INPUTS := config.yml $(shell find domain data -name '*.yml' 2>/dev/null) \
                   $(wildcard components/*.py) $(SPACY_MODEL)/meta.json
# The drill grader learns each move from the example phrasings in these.
GRADER_INPUTS   := coach.yml taboo.yml $(wildcard drill/*.yml) $(wildcard coach/drill/*.py) \
                   coach/cleaning.py coach/chinese_variant.py coach/traditional_phrases.txt

.PHONY: help install browser deploy-tools train try new-objection new-scenario run shell test lint types check report bench cluster cluster-packages cluster-stop test-cluster forget clean

help:
	@echo "make run     install if needed, train if stale, start the action server, Rasa and the demo page (ports: .env.example)"
	@echo "make test    every test (unit, data validation, NLU evaluation, test stories, end to end)"
	@echo "make bench   load benchmark, ours vs stock Rasa, and the dashboard on 50,000 records: reports/ (about 16 min)"
	@echo "make cluster / make cluster-stop   PostgreSQL, Redis, 3 Rasa replicas and nginx on loopback (make test-cluster tests them)"
	@echo "make forget REP=<sender id>   delete one rep's conversation and drill grades (portal users: REP=portal:<id>)"
	@echo "make new-objection NAME=timing   the skeleton of a new objection in every file, marked TODO"
	@echo "make new-scenario NAME=renewal [MOVES=\"not_renewing too_expensive\"]   the same for a scenario"
	@echo "make try TEXT=\"…\"   what the bot makes of a sentence: intent, runners-up, the reply, the nearest examples"
	@echo "make lint / make types   ruff (rules and format) and mypy, as make test and pre-commit run them"
	@echo "make install / make train / make shell / make check / make report / make clean  (VERBOSE=1: all of Rasa's output)"

install: $(STAMP) $(SPACY_MODEL)/meta.json

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed (Rasa 3.6 does not run on 3.11+): install it or set PYTHON310=/path/to/python3.10"; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(SPACY_MODEL)/meta.json: $(STAMP) scripts/build_spacy_zh.py
	$(PY) scripts/build_spacy_zh.py $(SPACY_MODEL)

# The widget's browser tests drive Debian's Chromium (Playwright never
# downloads a browser here) and audit it with axe-core from the npm registry.
browser: node_modules/.installed
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The deployment files' validators (tests/deploy): kubernetes-validate in a
# venv of its own (it needs jsonschema>=4.23, Rasa pins 4.17), and Debian's
# docker-compose for `docker-compose config` when Docker's compose plugin is
# absent.
DEPLOY_VENV := .venv-deploy
KUBERNETES_VALIDATE := 1.37.0
APT_COMPOSE := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >/dev/null
# (the stamp names the version: changing the pin reinstalls)
$(DEPLOY_VENV)/.installed-$(KUBERNETES_VALIDATE):
	test -x $(DEPLOY_VENV)/bin/pip || $(or $(PYTHON310),python3) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/pip install --quiet kubernetes-validate==$(KUBERNETES_VALIDATE)
	touch $@

deploy-tools: $(DEPLOY_VENV)/.installed-$(KUBERNETES_VALIDATE)
	@docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && { $(APT_COMPOSE) || { apt-get update -q >/dev/null && $(APT_COMPOSE); }; }; } || \
	  echo "no docker compose: tests/deploy skips its compose check"

# Retrain only when the data, config, domain or a custom component changed.
$(MODEL): $(STAMP) $(TRAINING_INPUTS)
	@$(PY) scripts/train.py --no-check

# The drill grader's move classifier, when a drill file or taboo.yml changed.
$(GRADER): $(STAMP) $(GRADER_INPUTS)
	@$(PY) scripts/train_grader.py

# The project checks first (a second); a running `make run` loads the new
# model by itself within RELOAD_SECONDS (scripts/model_server.py), and the
# new drill grader on the next drill answer.
train: install
	@$(PY) scripts/train.py --force
	@$(PY) scripts/train_grader.py

run: install $(MODEL) $(GRADER)
	@scripts/run.sh

# The skeleton of a new objection in every file, each piece marked TODO:
# make new-objection NAME=timing   (then `make check` lists what is left)
new-objection: install
	@$(PY) scripts/new_objection.py "$(NAME)"

# A new scenario of the sales cycle, the same way (MOVES: the customer's
# moves, existing intents or new ones; none: one new move):
# make new-scenario NAME=renewal MOVES="not_renewing too_expensive"
new-scenario: install
	@$(PY) scripts/new_scenario.py "$(NAME)" "$(MOVES)"

# What the bot makes of a sentence, without starting a server:
# make try TEXT="等过完年再说"  (no TEXT: one sentence per line, empty line quits)
try: install $(MODEL)
	@$(PY) scripts/try.py $(if $(TEXT),"$(TEXT)")

shell: install $(MODEL)
	@scripts/run.sh --shell

# Project rules first (every problem as file:line with a hint), then Rasa's
# own validation, quietly; the verdict is the last line. VERBOSE=1 shows all.
check: install
	@$(PY) scripts/check.py

# Held-out NLU evaluation, the conversation-flow graph and the drill results
# per objection: open reports/index.html.
report: install $(MODEL) $(GRADER)
	@$(PY) scripts/report.py --model $(MODEL) --nlu tests/nlu/heldout.yml --out reports

# 1, 20 and 50 simulated reps against the real stack, ours beside stock Rasa
# (bench/stock/), with a py-spy profile of our server; then the trainer
# dashboard on 200 reps and 50,000 drill records; see docs/performance.md.
bench: install
	$(PY) -m bench --profile
	$(PY) -m bench.dashboard

# Style and types (settings in pyproject.toml; .pre-commit-config.yaml runs
# the same two before a commit). `ruff format .` fixes what lint reports.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: install
	$(VENV)/bin/mypy

test: install browser deploy-tools $(MODEL) $(GRADER)
	@$(MAKE) --no-print-directory lint types check
	node --test tests/widget/
	$(PY) -m pytest --ignore=tests/cluster

# The production topology on this machine: PostgreSQL, Redis, the action
# server, CLUSTER_REPLICAS Rasa replicas and nginx (scripts/cluster.sh).
cluster: install $(MODEL) cluster-packages
	@scripts/cluster.sh start

# Debian's postgresql, redis-server and nginx, when missing (as root).
cluster-packages:
	@scripts/cluster.sh install

cluster-stop:
	@scripts/cluster.sh stop

# Starts its own cluster on free ports: consistency across replicas and faults.
test-cluster: install $(MODEL) cluster-packages
	$(PY) -m pytest tests/cluster

# The right to deletion: one conversation (messages, contacts, drill grades)
# from the tracker store the settings name. RETENTION_DAYS does it by age.
forget: install
	@$(PY) scripts/forget.py "$(REP)"

clean:
	rm -rf models/*.tar.gz runtime reports .pytest_cache
