"""The HTML side never imports the JSON API (design.md): both import the services and `vte.schemas`.

Read with `ast`, so that an import inside a function or behind a condition counts too, and nothing
is imported to check it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "vte" / "web"
FORBIDDEN = "vte.api"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Every module `path` imports, as absolute dotted names, with the line of the import. For
    `from X import a, b`, both `X` and `X.a`, `X.b` (a name imported from a package may be a module)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found.append((node.lineno, source))
            found += [(node.lineno, f"{source}.{alias.name}") for alias in node.names]
    return found


def is_api(module: str) -> bool:
    return module == FORBIDDEN or module.startswith(FORBIDDEN + ".")


WEB_MODULES = sorted(WEB.rglob("*.py"))


def test_the_web_package_is_found():
    assert len(WEB_MODULES) > 5 and WEB / "__init__.py" in WEB_MODULES


@pytest.mark.parametrize("path", WEB_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_web_module_does_not_import_the_api(path):
    offending = [f"line {line}: {module}" for line, module in imported_modules(path) if is_api(module)]
    assert not offending, (
        f"{path.relative_to(ROOT)} imports the JSON API ({'; '.join(offending)}): "
        "import the service or vte.schemas instead"
    )


@pytest.mark.parametrize(
    "source",
    [
        "from ..api.auth import login_limit\n",
        "from ..api import schemas\n",
        "from .. import api\n",
        "import vte.api.offers\n",
        "from vte.api import init_api\n",
        "def f():\n    from ..api.offers import SearchArgs\n",
    ],
)
def test_the_check_sees_every_spelling(tmp_path, source):
    web = tmp_path / "vte" / "web"
    web.mkdir(parents=True)
    module = web / "page.py"
    module.write_text(source, encoding="utf-8")
    assert any(is_api(name) for _, name in imported_modules(module, tmp_path))


def test_the_check_lets_the_services_and_schemas_through(tmp_path):
    web = tmp_path / "vte" / "web"
    web.mkdir(parents=True)
    module = web / "page.py"
    module.write_text(
        "from ..offers import serialise_offer\nfrom ..schemas.offers import SearchArgs\n"
        "from . import student_display\nfrom .blueprint import bp\nimport apispec\n",
        encoding="utf-8",
    )
    assert not any(is_api(name) for _, name in imported_modules(module, tmp_path))
