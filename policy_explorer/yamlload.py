"""Load policy YAML into plain data while remembering the line of every value.

The policy files are read with a stricter dialect than PyYAML's YAML 1.1 default:

- only ``true``/``false`` are booleans; ``yes``, ``no``, ``on``, ``off``, ``y``, ``n`` written bare
  are reported as problems (YAML 1.1 would silently read them as booleans);
- dates and times stay text (``2024-12-18`` is the string ``"2024-12-18"``; the validator checks it);
- ``null``/``~``/empty are None, integers are int, and any other number is a float (which the
  validator rejects: money and rates are integers or strings);
- plain data only: no anchors or aliases, no tags (``!!python/object``), keys are text, and
  nesting stops at :data:`MAX_DEPTH` levels (see :func:`_check_events`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
MAX_DIGITS = 30  # more would be no amount but a typo (Python refuses past 4300 digits)
# Control characters other than tab and line breaks (XML 1.0 forbids most; none is text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_FLOAT = re.compile(
    r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|[-+]?[0-9]+[eE][-+]?[0-9]+$|[-+]?\.(inf|Inf|INF)$|\.(nan|NaN|NAN)$"
)
_NULL = {"", "~", "null", "Null", "NULL"}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
# libyaml's parser (about 6× faster) when PyYAML was built with it; nodes carry the same line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64  # levels of nesting; the policy data uses fewer than 10


@dataclass
class Loaded:
    """A parsed YAML file: its data, the line of each value, and problems found while reading."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def line(self, where: Path_) -> int:
        """The line of the value at ``where``, or of its nearest ancestor that has one."""
        where = tuple(where)
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)


class YamlSyntaxError(Exception):
    """The file is not YAML at all; carries ``file:line: message``."""


def _scalar(node: yaml.ScalarNode, loaded: Loaded, where: Path_) -> Any:
    value = node.value
    control = _CONTROL.search(value)
    if control:  # only an escape ("\x07", "\u001b") puts one here: the reader refuses raw ones
        loaded.problems.append(
            (
                node.start_mark.line + 1,
                f"the text at {dotted(where)} holds the control character U+{ord(control[0]):04X}, which "
                "no page, feed or file can show: remove the escape",
            )
        )
    if node.style:  # quoted or block scalar: always text (plain is None, or "" from libyaml)
        return value
    if value in _NULL:
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if value.lower() in _YAML11_BOOLS:
        loaded.problems.append(
            (
                node.start_mark.line + 1,
                f"`{value}` at {dotted(where)} is a boolean in YAML 1.1 but text in YAML 1.2: "
                f'write true or false, or quote it ("{value}") if you mean the word',
            )
        )
        return value
    if _INT.match(value):
        digits = sum(c.isdigit() for c in value)
        if digits > MAX_DIGITS:
            loaded.problems.append(
                (
                    node.start_mark.line + 1,
                    f"the number at {dotted(where)} has {digits} digits: no value in this data needs more "
                    f"than {MAX_DIGITS}; check it",
                )
            )
            return value
        return int(value.replace("_", ""))
    if _FLOAT.match(value):
        try:
            return float(value.replace("_", ""))
        except ValueError:  # .inf/.nan spellings; a dot with no digit (".", "-.") is text
            special = value.lower().lstrip(".")
            return float(special) if special in ("inf", "nan") else value
    return value


def dotted(where: Path_) -> str:
    """``("clauses", 3, "benefit")`` → ``clauses[3].benefit``."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def _build(node: yaml.Node, loaded: Loaded, where: Path_) -> Any:
    loaded.lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, loaded, where)
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, loaded, (*where, i)) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]` or `{a: 1}: x`
                loaded.problems.append(
                    (
                        key_node.start_mark.line + 1,
                        f"a key in {dotted(where)} is a list or mapping; keys are text",
                    )
                )
                continue
            key = _scalar(key_node, loaded, (*where, str(key_node.value)))
            if not isinstance(key, str):
                loaded.problems.append(
                    (key_node.start_mark.line + 1, f"key `{key_node.value}` at {dotted(where)} must be text")
                )
                key = str(key_node.value)
            if key in out:
                loaded.problems.append(
                    (key_node.start_mark.line + 1, f"key `{key}` appears twice in {dotted(where)}")
                )
            out[key] = _build(value_node, loaded, (*where, key))
            loaded.lines[(*where, key)] = key_node.start_mark.line + 1
        return out
    raise YamlSyntaxError(f"unsupported YAML node at line {node.start_mark.line + 1}")


def _check_events(text: str, path: Path) -> None:
    """Refuse, before composing, what plain policy data never needs: anchors and aliases, tags, and
    nesting deeper than :data:`MAX_DEPTH`.

    libyaml's composer expands every alias (a "billion laughs" file of ten lines would fill the
    memory) and recurses in C (100,000 nested brackets crash the interpreter); a tag such as
    ``!!python/object`` would be dropped without a word.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        if not isinstance(event, yaml.NodeEvent):  # stream and document start and end
            continue
        if event.anchor is not None or event.tag is not None:  # an alias's anchor is its name
            raise YamlSyntaxError(f"{path}:{event.start_mark.line + 1}: {_refused(event)}")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(
                    f"{path}:{event.start_mark.line + 1}: nested more than {MAX_DEPTH} levels deep"
                )


def _refused(event: yaml.NodeEvent) -> str:
    if isinstance(event, yaml.AliasEvent):
        return f"alias `*{event.anchor}`: policy data has no aliases; write the value out"
    if event.anchor is not None:
        return f"anchor `&{event.anchor}`: policy data has no anchors; remove it"
    tag = event.tag.replace("tag:yaml.org,2002:", "!!")
    return f"tag `{tag}`: policy data has no tags; remove it (quote text)"


def _first_line(message: object) -> str:
    return str(message).split("\n", 1)[0]


def _char_at(text: str, mark: yaml.Mark) -> str:
    """The character a parser error points at ("" past the end)."""
    lines = text.split("\n")
    return lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""


# In `{zh: …, en: Note: see below}` the second `: ` ends the key `Note` of a new entry inside the value.
_FLOW_VALUE_WITH_COLON = re.compile(r"[{,]\s*([A-Za-z_][\w-]*):\s+([^,{}\[\]\"']*?:\s)")


def _colon_in_flow_hint(text: str, exc: yaml.MarkedYAMLError) -> str:
    """Explain in words an unquoted ``: `` inside ``{…}``, which PyYAML reports only as a missing ``,``.

    Inside braces YAML reads ``key: value`` pairs; a value that holds a colon and a space reads as a
    second key, so the parser stops expecting ``,`` or ``}``. The fix is to quote the whole value.
    """
    marks = [m for m in (exc.context_mark, exc.problem_mark) if m is not None]
    if not marks or "expected ','" not in str(exc.problem or ""):
        return ""
    lines = text.split("\n")
    for number in range(min(m.line for m in marks), max(m.line for m in marks) + 1):
        found = _FLOW_VALUE_WITH_COLON.search(lines[number]) if number < len(lines) else None
        if found:
            key, value = found.group(1), found.group(2).strip()
            before = value.rstrip(":")
            return (
                f"; the text after `{key}:` holds ': ' (a colon and a space, after `{before}`), "
                "which YAML inside {…} reads as the start of another key: quote the whole text, "
                f'e.g. {key}: "{value} …"'
            )
    return ""


def _indent(line: str) -> int:
    """Where a line's key starts: after its spaces, and after a list item's ``- ``."""
    stripped = line.lstrip(" ")
    at = len(line) - len(stripped)
    return at + 2 if stripped.startswith("- ") else at


def _indentation_hint(text: str, exc: yaml.MarkedYAMLError) -> str:
    """Explain "did not find expected '-' indicator": a line indented unlike the keys around it.

    PyYAML says a list item was expected; what an author did was indent one line a space too few or
    too many, so the line no longer lines up with the keys of its item.
    """
    mark = exc.problem_mark
    if mark is None or "expected '-' indicator" not in str(exc.problem or ""):
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines):
        return ""
    here = lines[mark.line]
    above = next(
        (ln for ln in reversed(lines[: mark.line]) if ln.strip() and not ln.lstrip().startswith("#")), ""
    )
    spaces = len(here) - len(here.lstrip(" "))
    return (
        f"; check the indentation: line {mark.line + 1} starts after {spaces} spaces, the keys of the item "
        f"above after {_indent(above)}: indent it to line up with the keys of its item "
        "(a new list item starts with `- `)"
    )


def load_text(text: str, path: Path) -> Loaded:
    """Parse ``text`` (the contents of ``path``) into a :class:`Loaded`."""
    loaded = Loaded(path=path, data=None)
    try:
        _check_events(text, path)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        hint = "; it is a tab: indent with spaces" if mark and _char_at(text, mark) == "\t" else ""
        hint = hint or _colon_in_flow_hint(text, exc) or _indentation_hint(text, exc)
        raise YamlSyntaxError(
            f"{path}:{line}: not valid YAML: {_first_line(exc.problem or exc)}{hint}"
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (NUL, a control character)
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        raise YamlSyntaxError(f"{path}:{line}: not valid YAML: {_first_line(exc)}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"{path}:1: not valid YAML: {_first_line(exc)}") from None
    if node is not None:
        loaded.data = _build(node, loaded, ())
    return loaded


def load_file(path: Path) -> Loaded:
    """Read and parse one YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlSyntaxError(f"{path}:1: not UTF-8 text; save the file as UTF-8") from None
    except OSError as exc:  # a folder named *.yaml, no permission
        raise YamlSyntaxError(f"{path}:1: cannot read: {exc.strerror or exc}") from None
    return load_text(text, path)


def load_clean(path: Path, error: type[Exception]) -> Loaded:
    """Read one YAML file that must load without a problem; raise ``error("file:line: problem")`` if not.

    For the site's own files (strings, search queries), where the first problem is the whole answer.
    """
    try:
        loaded = load_file(path)
    except YamlSyntaxError as exc:
        raise error(str(exc)) from None
    if loaded.problems:
        line, problem = loaded.problems[0]
        raise error(f"{path}:{line}: {problem}")
    return loaded
