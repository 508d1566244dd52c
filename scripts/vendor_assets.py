"""Copy the front-end files the pages use from node_modules/ (installed by `npm ci` from the
pinned package.json + package-lock.json) into the git-ignored vte/static/vendor/.

    npm ci --ignore-scripts --no-audit --no-fund && python -m scripts.vendor_assets

Nothing is fetched at run time: the site serves these copies. Each library's licence file is
copied beside it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
VENDOR = ROOT / "vte" / "static" / "vendor"

# package -> (target folder, files or folders relative to the package, licence file)
ASSETS: dict[str, tuple[str, list[str], str]] = {
    "swagger-ui-dist": (
        "swagger-ui",
        ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"],
        "LICENSE",
    ),
    "leaflet": ("leaflet", ["dist/leaflet.js", "dist/leaflet.css", "dist/images"], "LICENSE"),
    "leaflet.markercluster": (
        "leaflet.markercluster",
        ["dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css"],
        "MIT-LICENCE.txt",
    ),
    "chart.js": ("chart.js", ["dist/chart.umd.min.js"], "LICENSE.md"),
    "axe-core": ("axe-core", ["axe.min.js"], "LICENSE"),
}


def main() -> int:
    missing = [name for name in ASSETS if not (NODE / name).is_dir()]
    if missing:
        print(f"node_modules is missing {', '.join(missing)}: run `npm ci --ignore-scripts` first.", file=sys.stderr)
        return 1
    for package, (target, files, licence) in ASSETS.items():
        destination = VENDOR / target
        if destination.exists():
            shutil.rmtree(destination)
        destination.mkdir(parents=True)
        for name in files + [licence]:
            source = NODE / package / name
            if source.is_dir():
                shutil.copytree(source, destination / source.name)
            else:
                shutil.copy2(source, destination / source.name)
    print(f"Front-end libraries copied into {VENDOR.relative_to(ROOT)}: {', '.join(ASSETS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
