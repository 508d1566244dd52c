# Shared by scripts/run.sh and scripts/test.sh: create the virtualenv and install pinned packages.
# Needs only Python 3.11, pip and the package registries.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-$ROOT/.venv}"

activate_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> Creating the virtualenv in $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    # shellcheck disable=SC1091
    . "$VENV/bin/activate"
}

install_python_packages() {
    activate_venv
    echo "==> Installing pinned Python packages"
    # torch first and alone: a CPU build (pip would otherwise resolve a CUDA build for sentence-transformers).
    python -m pip install --quiet --disable-pip-version-check "$(grep -E '^torch==' requirements.txt)"
    python -m pip install --quiet --disable-pip-version-check -c constraints.txt -r requirements.txt "$@"
    python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-nodeps.txt
}

install_frontend_assets() {
    # Front-end libraries: pinned in package.json + package-lock.json, copied into vte/static/vendor.
    echo "==> Installing front-end libraries (npm)"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    python -m scripts.vendor_assets
}

install_ruff() {
    # Only the linter, at the version pinned in requirements-test.txt, when the virtualenv lacks it.
    activate_venv
    local pin
    pin="$(grep -E '^ruff==' requirements-test.txt)"
    if [ "$(ruff --version 2>/dev/null || true)" != "ruff ${pin#ruff==}" ]; then
        python -m pip install --quiet --disable-pip-version-check -c constraints.txt "$pin"
    fi
}

run_lint() {
    # `make lint`: the whole repository, settings in pyproject.toml. Returns non-zero on any finding.
    echo "==> Lint (ruff check, ruff format --check)"
    local status=0
    ruff check . || status=1
    ruff format --check . || status=1
    return $status
}
