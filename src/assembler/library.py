"""The clause library: find clause templates and render them with the term sheet.

Clauses are Jinja templates rendered in a sandbox with StrictUndefined, and
with autoescaping on, so a term-sheet value is always text in the markup,
never markup and never template source. A user's ``--library DIR`` comes first
on the search path, so a firm's own clause overrides ours by name.
"""
from __future__ import annotations

import functools
import os
import re
import traceback
from pathlib import Path
from typing import Any, Iterable

import jinja2
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from . import style
from .errors import ClauseError

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Where ``clauses/`` or ``templates/`` is: inside the wheel, or at the repo root."""
    for candidate in (PACKAGE / name, PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"assembler's own {name}/ folder is missing from the installation")


def blank(value: Any, name: str) -> Any:
    """The value, or a blank that the build lists as still open."""
    if value is None or value == "":
        return Markup('<blank name="{}"/>').format(name)
    return value


CONFIG_FILE = "assembler.toml"
LIBRARY_VARIABLE = "ASSEMBLER_LIBRARY"


def library_dirs(given: Iterable[str | Path] = (), termsheet: str | Path | None = None,
                 folder: str | Path | None = None) -> tuple[Path, ...]:
    """Which library folders a command uses: those given (``--library``); else those an
    ``assembler.toml`` beside the term sheet names (``library = "firm-library"``, or a list, relative
    to the file), or in ``folder`` for a command with no term sheet (``schema``, ``lint``: the current
    folder); else those ``ASSEMBLER_LIBRARY`` names (separated as PATH is). So a firm sets its
    library once, and a deal's folder can set its own."""
    given = tuple(Path(d) for d in given)
    if given:
        return given
    if termsheet is not None or folder is not None:
        config = (Path(folder) if termsheet is None else Path(termsheet).parent) / CONFIG_FILE
        try:
            found = config.is_file()
        except OSError:  # a folder we may not search: the term sheet's own reading says so
            found = False
        if found:
            return _configured(config)
    named = os.environ.get(LIBRARY_VARIABLE, "")
    return tuple(Path(part) for part in named.split(os.pathsep) if part.strip())


def _configured(config: Path) -> tuple[Path, ...]:
    import tomllib

    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ClauseError(f"is not valid TOML: {exc}", file=str(config)) from None
    except OSError as exc:
        raise ClauseError(f"cannot be read: {exc.strerror}", file=str(config),
                          hint="make it readable, or give --library") from None
    value = data.get("library", [])
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ClauseError("gives library as something other than a folder or a list of folders", file=str(config),
                          field="library", hint='library = "firm-library"')
    return tuple(config.parent / item for item in value)


class _CompiledClauses(jinja2.BytecodeCache):
    """Compiled clauses, kept for the life of the process and shared by every Library in it. A new
    build makes a new Library (and so reads every clause afresh, for its manifest), but a clause whose
    source is unchanged is not compiled again: that compiling was most of a warm build's time. The
    bucket checks the source's checksum, so an edited clause is compiled anew."""
    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledClauses()


class _RecordingLoader(jinja2.FileSystemLoader):
    """A file loader that remembers which files it read, for the build's manifest."""

    def __init__(self, searchpath):
        super().__init__(searchpath)
        self.used: dict[str, str] = {}

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        self.used[template] = filename
        return source, filename, uptodate


class Library:
    def __init__(self, user_dirs: Iterable[str | Path] = ()):
        self.user_dirs = [Path(d) for d in user_dirs]
        for folder in self.user_dirs:
            if not folder.is_dir():
                raise ClauseError("is not a folder of clauses", file=str(folder))
        self.search_path = [*self.user_dirs, data_dir("clauses")]
        self.loader = _RecordingLoader([str(p) for p in self.search_path])
        self.env = SandboxedEnvironment(
            loader=self.loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            # Prose: a newline after a block tag is a word break, so keep it; markup folds spaces.
            trim_blocks=False,
            bytecode_cache=COMPILED,
            finalize=_mark_final_period,
        )
        self.env.filters.update(style.FILTERS)
        self.env.filters["blank"] = blank
        self._checked: set[str] = set()

    @property
    def assembly_dirs(self) -> list[Path]:
        """A library's own assemblies, in ``DIR/assemblies/``: new documents, or ours replaced whole."""
        return [folder / "assemblies" for folder in self.user_dirs if (folder / "assemblies").is_dir()]

    def path_of(self, name: str) -> Path:
        for folder in self.search_path:
            candidate = folder / f"{name}.xml.j2"
            if candidate.is_file():
                return candidate
        raise ClauseError("is not in the clause library", field=name,
                          hint="searched " + ", ".join(str(p) for p in self.search_path))

    def render(self, name: str, context: dict[str, Any]) -> str:
        path = self.path_of(name)
        self.check_includes(name)
        try:
            template = self.env.get_template(f"{name}.xml.j2")
            return _one_period(template.render(context))
        except jinja2.TemplateSyntaxError as exc:
            raise ClauseError(f"is not a valid template: {exc.message}", file=exc.filename or str(path),
                              line=exc.lineno) from None
        except jinja2.TemplateNotFound as exc:  # an include whose name is computed: not checked before
            where, line = _template_frame(exc, path)
            raise ClauseError(f"includes '{exc.name}', which is not in the library", file=where, line=line,
                              hint="searched " + ", ".join(str(p) for p in self.search_path)) from None
        except RecursionError:
            raise ClauseError("includes itself, directly or through other clauses, without end", file=str(path),
                              hint="break the loop of includes") from None
        except jinja2.UndefinedError as exc:
            where, line = _template_frame(exc, path)
            raise _missing(exc.message or "", where, line, context) from None
        except SecurityError as exc:
            where, line = _template_frame(exc, path)
            raise ClauseError(f"reaches for something a clause may not use: {exc}", file=where, line=line) from None
        except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
            where, line = _template_frame(exc, path)
            fed_by = _fields_on_line(where, line, context)
            error = ClauseError(f"failed while rendering: {type(exc).__name__}: {exc}", file=where, line=line,
                                field=fed_by[0] if fed_by else None)
            error.fed_by = fed_by
            raise error from None

    def check_includes(self, name: str, chain: tuple[str, ...] = ()) -> None:
        """Every clause ``name`` includes or imports is in the library, and none leads back to itself.
        Checked from the source before rendering, so a loop is one message with its line, not a
        thousand frames."""
        if name in self._checked:
            return
        path = self.path_of(name)
        info = path.stat()
        for included, line in _included(path, info.st_mtime_ns, info.st_size):
            child = included.removesuffix(".xml.j2")
            reached = (*chain, name)
            if child in reached:
                loop = " → ".join([*reached[reached.index(child):], child])
                raise ClauseError(f"includes '{included}', which leads back to itself ({loop})",
                                  file=str(path), line=line, hint="break the loop of includes")
            if not any((folder / included).is_file() for folder in self.search_path):
                raise ClauseError(f"includes '{included}', which is not in the library", file=str(path), line=line,
                                  hint="searched " + ", ".join(str(p) for p in self.search_path))
            self.check_includes(child, reached)
        self._checked.add(name)

    def note(self, path: Path) -> None:
        """Record a library file read besides the clauses (its overrides, its facts schema)."""
        self.loader.used[f"library file {path}"] = str(path)

    def used(self) -> list[Path]:
        """Every clause file read so far (imports and includes too), and the library's other files."""
        return sorted(Path(name) for name in set(self.loader.used.values()))

    def names(self) -> list[str]:
        """Every clause name the library knows, user overrides included."""
        found = set()
        for folder in self.search_path:
            for path in folder.rglob("*.xml.j2"):
                found.add(path.relative_to(folder).as_posix().removesuffix(".xml.j2"))
        return sorted(found)


# A value that ends in a period ("Services, Inc.") is followed by this mark where the clause prints it;
# a sentence the clause ends right after the value then takes no second period.
VALUE_PERIOD = "\ue000"
_DOUBLED_PERIOD = re.compile(VALUE_PERIOD + r"((?:</[a-z]+>)*)\.(?!\.)")


def _mark_final_period(value):
    if isinstance(value, str) and value.endswith(".") and not value.endswith(".."):
        return value + (Markup(VALUE_PERIOD) if isinstance(value, Markup) else VALUE_PERIOD)
    return value


def _one_period(text: str) -> str:
    if VALUE_PERIOD not in text:
        return text
    return _DOUBLED_PERIOD.sub(r"\1", text).replace(VALUE_PERIOD, "")


def _template_frame(exc: BaseException, path: Path) -> tuple[str, int | None]:
    """The clause file and line where rendering failed: the innermost template frame (Jinja rewrites
    tracebacks so that template frames carry the template's own file and line), which may be a
    clause that ``path`` includes."""
    where, line = str(path), None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".xml.j2"):
            where, line = frame.filename, frame.lineno
    return where, line


_DOTTED = re.compile(r"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined")


def _missing(message: str, file: str, line: int | None, context: dict[str, Any]) -> ClauseError:
    """A clause that reads a fact that is not there: the clause's file and line, and the fact's path
    as the clause wrote it ("joinder.assignor"), with the fields there are at that point."""
    attribute, name = _NO_ATTRIBUTE.search(message), _UNDEFINED_NAME.match(message)
    text = _line_text(file, line)
    if name:
        return ClauseError(f"uses '{name.group(1)}', which is neither a fact of the term sheet nor set in the clause",
                           file=file, line=line, field=name.group(1),
                           hint="facts: " + ", ".join(sorted(k for k in context if not k.startswith("_"))))
    if attribute:
        wanted = attribute.group(1)
        unknown = None  # a path through a name the clause sets itself: said only if nothing better is found
        for written in dict.fromkeys(_DOTTED.findall(text)):
            parts = written.split(".")
            if wanted not in parts[1:]:
                continue
            parent = parts[:parts.index(wanted, 1)]
            dotted, where = ".".join([*parent, wanted]), ".".join(parent)
            node = _walk(context, parent)
            if node is _UNKNOWN:
                unknown = unknown or ClauseError(f"uses '{dotted}', which is not there: '{where}' has no field "
                                                 f"'{wanted}'", file=file, line=line, field=dotted)
            elif isinstance(node, dict):
                if wanted not in node:
                    return ClauseError(f"uses '{dotted}', which is not a fact: '{where}' has no field '{wanted}'",
                                       file=file, line=line, field=dotted,
                                       hint="its fields: " + (", ".join(sorted(map(str, node))) or "none"))
            else:
                what = "left out of the term sheet" if node is None else "not a mapping of fields"
                return ClauseError(f"uses '{dotted}', but '{where}' is {what}", file=file, line=line,
                                   field=dotted, hint=f"test it first: {{% if {where} %}}")
        if unknown:
            return unknown
    return ClauseError(f"uses a fact that is not there: {message}", file=file, line=line)


_UNKNOWN = object()  # a name the clause sets itself (a loop's item): not in the context to walk


def _walk(context: dict[str, Any], parts: list[str]) -> Any:
    if not parts or parts[0] not in context:
        return _UNKNOWN
    node: Any = context
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return _UNKNOWN
        node = node[part]
    return node


def _line_text(file: str, line: int | None) -> str:
    if line is None:
        return ""
    try:
        return Path(file).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError):
        return ""


def _fields_on_line(file: str, line: int | None, context: dict[str, Any]) -> list[str]:
    """The term-sheet fields the failing line of a clause reads, e.g. "registration.filing_deadline_days"."""
    if line is None:
        return []
    try:
        text = Path(file).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError):
        return []
    return [name for name in dict.fromkeys(_DOTTED.findall(text)) if name.split(".")[0] in context]


_PARSER = SandboxedEnvironment()  # parsing needs no filters or loader: one for every library


@functools.lru_cache(maxsize=512)
def _included(path: Path, modified: int, size: int) -> tuple[tuple[str, int | None], ...]:
    """The clauses a clause file includes or imports, with the line of each: parsed once per process
    and file version (parsing every clause afresh for every build cost a third of a build)."""
    source = path.read_text(encoding="utf-8")
    try:
        ast = _PARSER.parse(source, path.stem, str(path))
    except jinja2.TemplateSyntaxError as exc:
        raise ClauseError(f"is not a valid template: {exc.message}", file=str(path), line=exc.lineno) from None
    # A computed name (None) is not known before rendering, which reports it if it is missing.
    return tuple((name, _line_naming(source, name)) for name in meta.find_referenced_templates(ast) if name)


def _line_naming(source: str, name: str) -> int | None:
    for number, text in enumerate(source.splitlines(), 1):
        if name in text and ("include" in text or "import" in text or "extends" in text):
            return number
    return None


__all__ = ["Library", "data_dir", "blank", "escape"]
