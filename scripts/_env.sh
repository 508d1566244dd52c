# Shared by scripts/run.sh and scripts/test.sh: create the virtualenv and install pinned packages.
# Needs only Python 3.11, pip and the package registries.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-$ROOT/.venv}"

install_python_packages() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> Creating the virtualenv in $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    # shellcheck disable=SC1091
    . "$VENV/bin/activate"
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
    python scripts/vendor_assets.py
}
