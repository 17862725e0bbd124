"""Raw scraped policy text → clean Simplified Chinese text, with every repair on record.

The steps, in order (each is documented in ``policies/sources/README.md``):

1. Repairs listed in ``policies/sources/sources.yaml`` are applied to the raw text first (exact
   find/replace of a corrupted span, with the reason), so that nothing is restored silently.
2. Scraping artifacts matched by known patterns are removed (``[bookmark: _GoBack]``).
3. For sources marked ``traditional``: the ``(pinyin)`` annotation after each character is stripped
   and OpenCC's ``t2s`` converts Traditional to Simplified characters.
4. Line-start indentation is removed. For sources marked ``rewrap`` (text extracted from a PDF), a
   space beside a Chinese character is a line-wrap artifact and is dropped; other sources keep their
   spacing verbatim. All punctuation is kept as issued (full-width or half-width).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# A pinyin syllable as the scraper wrote it: lower-case Latin letters with tone marks, in round
# brackets, straight after a CJK character. Parenthesised Latin that is not pinyin (``(MaaS)``,
# ``(eVTOL)``) has capitals and is left alone.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+)\)")
_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’、]"
# A space that a PDF line-wrap left beside a Chinese character (``人工 智能``, ``2028 年``, ``( 一 )``).
_WRAP_SPACE = re.compile(rf"(?<={_CJK})[ \t\u00a0]+|[ \t\u00a0]+(?={_CJK})")
_ARTIFACTS = (re.compile(r"\[bookmark: [^\]]*\]"),)


@dataclass(frozen=True)
class Repair:
    """One restored span: the corrupted text as found in the raw source and what it read."""

    find: str
    replace: str
    reason: str


@dataclass(frozen=True)
class SourceSpec:
    """How one seed file is normalized (an entry of ``policies/sources/sources.yaml``)."""

    seed: str
    script: str  # "simplified" or "traditional"
    rewrap: bool = False
    repairs: tuple[Repair, ...] = field(default_factory=tuple)


class NormalizeError(Exception):
    """A repair's corrupted span is not in the raw text (the seed changed)."""


def strip_pinyin(text: str) -> str:
    """Remove ``(pinyin)`` annotations that follow Chinese characters."""
    return _PINYIN.sub("", text)


def to_simplified(text: str) -> str:
    """Convert Traditional to Simplified Chinese with OpenCC (``t2s``)."""
    import opencc  # imported here: only the data tooling needs it

    return opencc.OpenCC("t2s").convert(text)


def tidy_lines(text: str, rewrap: bool = False) -> str:
    """Drop line indentation and trailing blanks, and (``rewrap``) spaces beside Chinese characters."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip(" \t\u3000\u00a0")
        lines.append(_WRAP_SPACE.sub("", line) if rewrap else line)
    return "\n".join(lines).strip("\n") + "\n"


def normalize(raw: str, spec: SourceSpec) -> str:
    """Apply the repairs, artifact removal, pinyin stripping, OpenCC and tidying to ``raw``."""
    text = raw.lstrip("\ufeff")
    for repair in spec.repairs:
        if repair.find not in text:
            raise NormalizeError(
                f"{spec.seed}: the corrupted span {repair.find!r} named in sources.yaml is not in the "
                "raw text; update or remove that repair"
            )
        text = text.replace(repair.find, repair.replace)
    for pattern in _ARTIFACTS:
        text = pattern.sub("", text)
    if spec.script == "traditional":
        text = to_simplified(strip_pinyin(text))
    return tidy_lines(text, spec.rewrap)


# A seed is a file name in the seeds folder, as a document's source.seed is (its schema's pattern):
# no folder, no `..`, no absolute path, so neither reading nor writing leaves the two folders.
SEED_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.txt")


def load_specs(manifest: Path) -> list[SourceSpec]:
    """Read ``sources.yaml`` into :class:`SourceSpec` records (:class:`NormalizeError` if malformed)."""
    import yaml

    from .sitegen.outdir import shown

    try:
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or exc
        raise NormalizeError(f"{shown(manifest)}: cannot read it: {reason}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "a syntax error"
        raise NormalizeError(f"{shown(manifest)}: not valid YAML{at}: {problem}") from None
    specs = []
    for i, e in enumerate(entries if isinstance(entries, list) else [entries]):
        seed = e.get("seed") if isinstance(e, dict) else None
        if not isinstance(seed, str) or not SEED_NAME.fullmatch(seed):
            raise NormalizeError(
                f"{manifest}: entry {i + 1}: seed {seed!r} must be a file name in the seeds folder "
                "(letters, digits, _ . -, ending in .txt; no folder, no ..)"
            )
        try:
            repairs = tuple(Repair(**r) for r in e.get("repairs", []))
        except TypeError:
            raise NormalizeError(f"{manifest}: {seed}: each repair has find, replace and reason") from None
        specs.append(
            SourceSpec(
                seed=seed,
                script=e.get("script", "simplified"),
                rewrap=bool(e.get("rewrap", False)),
                repairs=repairs,
            )
        )
    return specs


def normalize_all(
    seeds_dir: Path, out_dir: Path, manifest: Path, only: list[str] | None = None
) -> list[Path]:
    """Normalize the seeds listed in the manifest into ``out_dir``; return the files written.

    ``only`` names the seeds to normalize (a new source, with its entry added to the manifest), so
    a maintainer adding one policy needs that seed alone, not every other seed the manifest lists.
    Every seed is checked before anything is written: an error leaves ``out_dir`` as it was.
    """
    specs = load_specs(manifest)
    if only:
        listed = {spec.seed for spec in specs}
        unlisted = [name for name in only if name not in listed]
        if unlisted:
            raise NormalizeError(
                f"{manifest}: no entry for {', '.join(unlisted)}: add `- seed: {unlisted[0]}` with its "
                "`script` (simplified or traditional) first"
            )
        specs = [spec for spec in specs if spec.seed in only]
    from .sitegen.outdir import shown

    linked = [spec.seed for spec in specs if (seeds_dir / spec.seed).is_symlink()]
    if linked:  # it may point anywhere: its content would be read and published as a source
        raise NormalizeError(
            f"{shown(seeds_dir)}: {linked[0]} is a symbolic link: put the file itself in the seeds folder"
        )
    missing = [spec.seed for spec in specs if not (seeds_dir / spec.seed).is_file()]
    if missing:
        hint = "" if only else "; to normalize one new source, name it: normalize <seed>.txt"
        raise NormalizeError(f"{shown(seeds_dir)}: no seed file {', '.join(missing)}{hint}")
    texts = []
    for spec in specs:
        path = seeds_dir / spec.seed
        try:
            raw = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise NormalizeError(f"{shown(path)}: not UTF-8 text: save the seed as UTF-8") from None
        except OSError as exc:
            raise NormalizeError(f"{shown(path)}: cannot read it: {exc.strerror or exc}") from None
        texts.append((spec, normalize(raw, spec)))
    written = []
    for spec, text in texts:
        target = out_dir / spec.seed
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
