"""Reading and checking the YAML content files shipped inside the package."""
from __future__ import annotations

import math
import re
from importlib import resources
from typing import Any


class ContentError(ValueError):
    """A content file is malformed. The message names file, item and field."""

    def __init__(self, file: str, message: str, item: str | None = None,
                 field: str | None = None):
        self.file, self.item, self.field = file, item, field
        where = file
        if item is not None:
            where += f", item '{item}'"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


class UnknownName(KeyError):
    """A lesson, structure, preset or reference name that does not exist.

    str(exc) is one plain sentence that lists the names that do exist (a plain
    KeyError would wrap it in quotes).
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "Unknown name."


# Limits that keep a damaged or hostile content file from exhausting the kernel.
MAX_FILE_BYTES = 2_000_000
MAX_TEXT_CHARS = 20_000
MAX_NUMBER_DIGITS = 15      # a number longer than this is a typo (10**400 would overflow)


def content_files(folder: str) -> list[str]:
    """Names (relative to backsafe/content) of the YAML files in a folder."""
    root = resources.files("backsafe.content").joinpath(folder)
    return sorted(f"{folder}/{p.name}" for p in root.iterdir()
                  if p.name.endswith(".yaml"))


def load_yaml(name: str) -> Any:
    """Parse backsafe/content/<name>; any problem becomes a ContentError."""
    try:
        with resources.files("backsafe.content").joinpath(name).open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)        # never read a huge file whole
    except FileNotFoundError:
        raise ContentError(name, "the file is missing from the package") from None
    return _parse_cached(raw, name)


def _parse_cached(raw: bytes, name: str) -> Any:
    """parse_yaml, its result kept as JSON in the cache folder under the hash of
    the file's bytes: every lesson reads a dozen content files, and JSON reads
    about ten times faster than checked YAML. A changed file has a new hash, so
    the cache never serves stale content."""
    import hashlib
    import json

    from ..store import app_mode, cache_dir

    folder = cache_dir()
    stem = name.removesuffix(".yaml").replace("/", "--")
    digest = hashlib.blake2b(raw, digest_size=12).hexdigest()
    path = None if folder is None else folder / "content" / f"{stem}-{digest}.json"
    try:
        return json.loads(path.read_bytes())
    except (AttributeError, OSError, ValueError):    # none kept yet, or damaged
        pass
    data = parse_yaml(raw, name)
    if path is not None and not app_mode():          # a shared app writes nothing
        _keep(path, data)
    return data


def _keep(path, data) -> None:
    """Write parsed content to the cache if JSON keeps it exactly (not dates or
    number keys), and drop the file's earlier versions; a cache that cannot be
    written only means the YAML is parsed again next time."""
    import json

    from ..files import write_atomically

    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda fh: fh.write(text))
        stem = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*.json"):
            if old != path and old.name.rsplit("-", 1)[0] == stem:
                old.unlink(missing_ok=True)
    except (TypeError, ValueError, OSError):       # WriteFailed is an OSError
        pass


def _loader():
    """A safe YAML loader (libyaml's C parser where available) that refuses
    aliases, duplicate keys and non-finite numbers."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def refuse(node, problem):
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)

    class StrictLoader(base):
        def construct_object(self, node, deep=False):
            if node in self.constructed_objects or node in self.recursive_objects:
                refuse(node, "anchors and aliases (& and *) are not allowed in course "
                             "content; write the text out in full")
            return super().construct_object(node, deep)

        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                if key in seen:
                    refuse(key_node, f"the key '{key}' appears twice in one mapping")
                seen.add(key)
            return super().construct_mapping(node, deep)

        def construct_yaml_float(self, node):
            value = super().construct_yaml_float(node)
            if not math.isfinite(value):
                refuse(node, f"{node.value[:20]} is not a usable number; write a finite "
                             "number")
            return value

        def construct_yaml_int(self, node):
            if len(node.value.lstrip("+-0")) > MAX_NUMBER_DIGITS:
                refuse(node, f"a number with {len(node.value):,} digits is far too large; "
                             "write an ordinary number")
            return super().construct_yaml_int(node)

    StrictLoader.add_constructor("tag:yaml.org,2002:float",
                                 StrictLoader.construct_yaml_float)
    StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
    return StrictLoader


_LOADER = None


def parse_yaml(raw: bytes, name: str) -> Any:
    global _LOADER
    import yaml

    if len(raw) > MAX_FILE_BYTES:
        raise ContentError(name, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB, "
                           "far more than any lesson needs; it was not read")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            name, f"the file is not UTF-8 text (bad byte at position {exc.start}); "
            "save it again with UTF-8 encoding") from None
    _LOADER = _LOADER or _loader()
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ContentError(name, f"the YAML cannot be read{line}: "
                           f"{getattr(exc, 'problem', None) or exc}") from None
    _check_text_sizes(data, name)
    return data


def _check_text_sizes(data: Any, name: str, where: str = "") -> None:
    """No text field may be megabytes long (aliases are refused, so this is a tree)."""
    if isinstance(data, str):
        if len(data) > MAX_TEXT_CHARS:
            raise ContentError(name, f"this text is {len(data):,} characters long; a text "
                               f"field may have at most {MAX_TEXT_CHARS:,}", None,
                               where or None)
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_text_sizes(value, name, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for n, value in enumerate(data, 1):
            _check_text_sizes(value, name, f"{where}[{n}]")


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number",
               bool: "true or false", list: "a list", dict: "a mapping"}


def field(item: dict, name: str, kind: type | tuple, file: str,
          item_id: str | None, *, required: bool = True, default: Any = None) -> Any:
    """Read one field of a mapping, checking presence and type."""
    if not isinstance(item, dict):
        raise ContentError(file, "expected a mapping of fields", item_id)
    if name not in item or item[name] is None:
        if required:
            raise ContentError(file, "this field is required", item_id, name)
        return default
    value = item[name]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # YAML turns 3 into int; accept it where a float is wanted, never bools.
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10 ** MAX_NUMBER_DIGITS:     # parsed files never hold these
            raise ContentError(file, "this number is far too large; write an ordinary "
                               "number", item_id, name)
        value = float(value)
    if isinstance(value, bool) and bool not in kinds:
        ok = False
    else:
        ok = isinstance(value, kinds)
    if not ok:
        wanted = " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
        raise ContentError(file, f"should be {wanted}, not {value!r}", item_id, name)
    if isinstance(value, str) and not value.strip():
        raise ContentError(file, "must not be empty", item_id, name)
    return value


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_slug(value: str, file: str, item_id: str | None, name: str = "id") -> str:
    """Ids are lower-case words joined by hyphens (they appear in URLs and tests)."""
    if not _SLUG.match(value):
        raise ContentError(file, "ids are lower-case words joined by hyphens", item_id, name)
    return value


def choice(item: dict, name: str, allowed, file: str, item_id: str | None) -> str:
    """A text field that must be one of `allowed`."""
    value = field(item, name, str, file, item_id)
    if value not in allowed:
        raise ContentError(file, f"unknown {name} '{value}'; use one of "
                           f"{', '.join(allowed)}", item_id, name)
    return value


def keyed_items(data, list_name: str, key: str, file: str, *, slug: bool = False):
    """Yield (key, item) for a list of mappings whose `key` is present and unique
    (and, with `slug`, lower-case words joined by hyphens)."""
    seen = set()
    for index, item in enumerate(field(data, list_name, list, file, None)):
        raw = item.get(key) if isinstance(item, dict) else None
        item_id = field(item, key, str, file, raw if isinstance(raw, str)
                        else f"#{index + 1}")
        if slug:
            check_slug(item_id, file, item_id, key)
        if item_id in seen:
            raise ContentError(file, f"this {key} is used twice", item_id, key)
        seen.add(item_id)
        yield item_id, item
