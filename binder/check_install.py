"""Check that the installed course package matches this repository's notebooks.

Run by postBuild in a repo2docker / JupyterHub image, and by
tests/test_binder.py on the developer's install:

    python binder/check_install.py [--repo DIR]

Exit 0 with one line when all is well; exit 1 with one sentence per problem.
"""
from __future__ import annotations

import argparse
import ast
import json
import sys
from importlib import metadata
from pathlib import Path

DIST = "backsafe-legday"


def project_version(repo: Path) -> str | None:
    """The version the repository's sources declare (pyproject, or the attribute
    it names as its dynamic version)."""
    try:
        import tomllib
    except ModuleNotFoundError:                 # Python 3.10
        import tomli as tomllib
    config = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    project = config.get("project", {})
    if "version" in project:
        return project["version"]
    attr = config.get("tool", {}).get("setuptools", {}).get("dynamic", {}) \
                 .get("version", {}).get("attr")
    if "version" not in project.get("dynamic", ()) or not attr:
        return None
    module, _, name = attr.rpartition(".")
    source = repo.joinpath(*module.split(".")) / "__init__.py"
    if not source.is_file():
        source = repo.joinpath(*module.split(".")).with_suffix(".py")
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def problems(repo: Path) -> list[str]:
    try:
        installed = metadata.version(DIST)
    except metadata.PackageNotFoundError:
        return [f"The course package ({DIST}) is not installed; run "
                "`python -m pip install --no-deps .` in the repository."]
    import backsafe
    from backsafe.content.catalogue import lessons

    out = []
    wanted = project_version(repo)
    if installed != wanted or backsafe.__version__ != installed:
        out.append(f"The installed course is version {installed} (backsafe.__version__ "
                   f"{backsafe.__version__}) but the notebooks in {repo} are for {wanted}; "
                   "reinstall the package from this repository.")
    expected = {item.notebook for item in lessons() if item.available}
    present = {p.name for p in (repo / "notebooks").glob("[0-9][0-9]-*.ipynb")}
    for name in sorted(expected - present):
        out.append(f"The installed course lists the lesson {name}, but notebooks/ has no "
                   "such notebook; reinstall the package from this repository.")
    for name in sorted(present - expected):
        out.append(f"notebooks/{name} is not an available lesson in the installed course; "
                   "reinstall the package from this repository.")
    settings = Path(sys.prefix, "share", "jupyter", "lab", "settings", "overrides.json")
    wanted_settings = json.loads((repo / "jupyter" / "overrides.json").read_text())
    try:
        same = json.loads(settings.read_text()) == wanted_settings
    except (OSError, ValueError):
        same = False
    if not same:
        out.append(f"The JupyterLab settings override is not installed at {settings}; "
                   "copy jupyter/overrides.json there (postBuild does).")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    found = problems(args.repo)
    for sentence in found:
        print(sentence, file=sys.stderr)
    if not found:
        count = sum(1 for _ in (args.repo / "notebooks").glob("[0-9][0-9]-*.ipynb"))
        print(f"OK: {DIST} {metadata.version(DIST)} is installed and matches the "
              f"{count} lesson notebooks.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
