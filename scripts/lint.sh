#!/usr/bin/env bash
# `make lint`: ruff check and ruff format --check over the repository (settings in pyproject.toml).
# Installs only ruff (pinned in requirements-test.txt) when the virtualenv lacks it.
source "$(dirname "$0")/_env.sh"
install_ruff
run_lint
