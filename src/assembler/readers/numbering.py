"""Paragraph numbers as Word shows them: counted from numbering.xml, or typed at the start of the text."""
from __future__ import annotations

import re
from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


VAL = w("val")
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth"]
CARDINALS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def formatted(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalEnclosedCircle", "decimalEnclosedFullstop", "decimalEnclosedParen"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "ordinalText":
        return ORDINALS[n - 1].capitalize() if 0 < n <= len(ORDINALS) else f"{n}th"
    if fmt == "cardinalText":
        return CARDINALS[n - 1].capitalize() if 0 < n <= len(CARDINALS) else str(n)
    if fmt == "ordinal":
        return f"{n}{'tsnrhtdd'[(n // 10 % 10 != 1) * (n % 10 < 4) * n % 10::4]}"
    if fmt == "none":
        return ""
    return None  # bullet, or a format we do not number


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    style: str | None = None


class Numbering:
    """numbering.xml: which list (abstract numbering) each numId uses, and each level's format."""
    def __init__(self, root):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iterchildren(w("abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(w("lvl")):
                levels[int(lvl.get(w("ilvl"), "0"))] = _level(lvl)
            self.abstracts[abstract.get(w("abstractNumId"), "")] = levels
        for num in root.iterchildren(w("num")):
            num_id = num.get(w("numId"), "")
            ref = num.find(w("abstractNumId"))
            self.nums[num_id] = ref.get(VAL, "") if ref is not None else ""
            for override in num.iterchildren(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None:
                    self.overrides.setdefault(num_id, {})[int(override.get(w("ilvl"), "0"))] = \
                        int(start.get(VAL, "1"))

    def num_pr(self, ppr, styles, style_id: str | None) -> tuple[str, int] | None:
        """(numId, level) for a paragraph: its own numPr, else its style's (numId "0" is none)."""
        own = ppr.find(w("numPr")) if ppr is not None else None
        num_id = level = None
        if own is not None:
            num_id = _child_val(own, "numId")
            found = _child_val(own, "ilvl")
            level = int(found) if found and found.isdigit() else None
        if num_id is None:
            for sid in styles.chain(style_id):
                style_ppr = styles.pprs.get(sid)
                numpr = style_ppr.find(w("numPr")) if style_ppr is not None else None
                if numpr is not None:
                    num_id = _child_val(numpr, "numId")
                    if level is None:
                        found = _child_val(numpr, "ilvl")
                        level = int(found) if found and found.isdigit() else self._level_of_style(num_id, sid)
                    break
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, level or 0

    def _level_of_style(self, num_id: str | None, style_id: str) -> int | None:
        for ilvl, level in self.abstracts.get(self.nums.get(num_id or "", ""), {}).items():
            if level.style == style_id:
                return ilvl
        return None

    def counter(self) -> "Counter":
        return Counter(self)


class Counter:
    """Counts paragraphs per list as Word does: every numId that uses one abstract numbering
    continues it, unless the numId restarts a level (startOverride) the first time it is used."""
    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.counts: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()

    def next(self, num_id: str, level: int) -> tuple[str | None, int]:
        abstract_id = self.numbering.nums.get(num_id, "")
        levels = self.numbering.abstracts.get(abstract_id, {})
        counts = self.counts.setdefault(abstract_id, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for ilvl, start in self.numbering.overrides.get(num_id, {}).items():
                counts[ilvl] = start - 1
        spec = levels.get(level, Level())
        counts[level] = counts.get(level, spec.start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        if formatted(1, spec.fmt) is None:
            return None, level

        def piece(match):
            n = int(match.group(1)) - 1
            lvl = levels.get(n, Level())
            value = counts.get(n, lvl.start)
            return formatted(value, lvl.fmt) or ""

        return re.sub(r"%(\d)", piece, spec.text), level


def _level(lvl) -> Level:
    level = Level()
    fmt, text, start, style = (lvl.find(w(t)) for t in ("numFmt", "lvlText", "start", "pStyle"))
    if fmt is not None:
        level.fmt = fmt.get(VAL, "decimal")
    if text is not None:
        level.text = text.get(VAL, "")
    if start is not None and (start.get(VAL) or "").isdigit():
        level.start = int(start.get(VAL))
    if style is not None:
        level.style = style.get(VAL)
    return level


def _child_val(element, tag: str) -> str | None:
    found = element.find(w(tag))
    return found.get(VAL) if found is not None else None


# -- typed numbers -------------------------------------------------------------------------
_ORDINAL_WORD = r"(?:[A-Z]+-)?(?:FIRST|SECOND|THIRD|FIFTH|EIGHTH|NINTH|TWELFTH|[A-Z]+TH)"
_TYPED = re.compile(
    r"^(?:(?P<article>(?:ARTICLE|Article)\s+(?:[IVXLC]+|\d+)\.?)"
    r"|(?P<section>(?:SECTION|Section)\s+\d+(?:\.\d+)*\.?)"
    r"|(?P<decimal>\d{1,3}(?:\.\d{1,3})*\.?)"
    r"|(?P<paren>\((?:[a-z]{1,4}|[A-Z]{1,4}|\d{1,3})\))"
    r"|(?P<ordinal>" + _ORDINAL_WORD + r":))(?=\s|$)")


@dataclass
class Typed:
    label: str
    level: int


class TypedNumbers:
    """Numbers typed at the start of a paragraph ("2.", "(c)", "(iv)", "(A)", "FIRST:", "ARTICLE IV"),
    with the level the sequence gives them: "(i)" after "(h)" is a letter, else a roman numeral."""
    def __init__(self):
        self.last_letter: str | None = None  # the last lower-case letter label, as "h"

    def match(self, text: str) -> Typed | None:
        found = _TYPED.match(text.lstrip())
        if not found:
            return None
        label = found.group(0)
        if found.group("article") or found.group("ordinal"):
            return Typed(label, 0)
        if found.group("section"):
            return Typed(label, label.count("."))
        if found.group("decimal"):
            if "." not in label and not label.isdigit():
                return None
            parts = [p for p in label.split(".") if p]
            if not label.endswith(".") and len(parts) == 1:
                return None  # a bare figure opening a sentence is no number
            self.last_letter = None
            return Typed(label, len(parts) - 1)
        inner = label[1:-1]
        if inner.isdigit():
            return Typed(label, 3)
        if inner.isupper():
            return Typed(label, 3)
        is_roman = bool(re.fullmatch(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", inner))
        follows = self.last_letter is not None and len(inner) == 1 and ord(inner) == ord(self.last_letter) + 1
        if is_roman and not follows and not (inner == "i" and self.last_letter == "h"):
            return Typed(label, 2)
        if len(inner) == 1:
            self.last_letter = inner
            return Typed(label, 1)
        return Typed(label, 2) if is_roman else None
