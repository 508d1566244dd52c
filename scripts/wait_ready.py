"""Wait until a readiness URL answers 200 twice in a row (both gunicorn workers, most likely).

    python -m scripts.wait_ready URL [--timeout 300]

Exits 0 when ready, 1 after the timeout; prints what the server says while waiting. Loopback only,
bounded in time.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request


def ready_once(url: str) -> tuple[bool, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200, response.read(200).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return False, exc.read(200).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as exc:
        return False, str(exc)


def wait(url: str, timeout: float, interval: float = 1.0, needed: int = 2) -> bool:
    deadline = time.monotonic() + timeout
    streak, last = 0, ""
    while time.monotonic() < deadline:
        ok, said = ready_once(url)
        streak = streak + 1 if ok else 0
        if streak >= needed:
            return True
        if said != last:
            print(f"  … {said.strip()[:120]}", file=sys.stderr, flush=True)
            last = said
        time.sleep(interval)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    if wait(args.url, args.timeout):
        return 0
    print(f"Not ready after {args.timeout:.0f} s: {args.url}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
