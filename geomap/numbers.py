"""Numbers as news writes them: "1,000", "1.3 million", "six", "twenty-five", "a dozen".

Owns turning such text into numbers and the regular expression that finds them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SPECIAL = {"a dozen": 12, "dozen": 12, "a hundred": 100, "a thousand": 1000, "a couple of": 2, "a pair of": 2}

_WORD_NUM = (r"(?:a\s+(?:dozen|hundred|thousand)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
             r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|"
             r"nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
             r"(?:\s+(?:hundred|thousand))?)")
# Digits never start inside a token ("A320", the "9" of "1e9", the "000" of "1,000"); a minus sign counts only
# where it cannot be a range's hyphen ("-500 km" is negative, "5-6 km" is not).
_DIGITS = (r"(?:(?<![\w.,)\-−])[-−])?(?<![\w.,])"
           r"(?:\d+(?:\.\d+)?[eE][-+]?\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")


def starts_with(words: Iterable[str]) -> str:
    """A lookahead for a position where a number or one of ``words`` can start: a digit, a minus sign, or at a
    word's start the first letter of a number word or of one of ``words``. Put before a pattern, it rules out most
    positions before any alternative is tried (searches run about 4x faster), and matches no less."""
    initials = sorted({w[0].lower() for w in (*UNITS, *TENS, "a", *words)})
    letters = "".join(initials) + "".join(initials).upper()
    return rf"(?=[-−\d]|\b[{letters}])"


NUMBER = rf"{starts_with(())}(?:{_DIGITS}|\b{_WORD_NUM})(?:\s+(?:million|thousand|billion))?"
NUMBER_RE = re.compile(rf"{NUMBER}(?!\w)", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words; None if it is not one (or not finite).

    >>> parse_number("1,000"), parse_number("1.3 million"), parse_number("twenty-five"), parse_number("six")
    (1000.0, 1300000.0, 25.0, 6.0)
    >>> parse_number("1e9"), parse_number("-500"), parse_number("0"), parse_number("1e999")
    (1000000000.0, -500.0, 0.0, None)
    """
    t = " ".join(text.lower().replace("−", "-").split())
    m = re.fullmatch(r"(-?(?:\d+(?:\.\d+)?e[-+]?\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))"
                     r"(?:\s+(million|thousand|billion))?", t)
    if m:
        value = float(m.group(1).replace(",", ""))
        value = value * SCALES[m.group(2)] if m.group(2) else value
        return value if math.isfinite(value) else None
    t = t.replace("-", " ").strip()
    if not t:
        return None
    if t in SPECIAL:
        return float(SPECIAL[t])
    total, current = 0.0, 0.0
    words = t.split()
    if words and words[0] == "a" and len(words) > 1 and words[1] in SCALES:
        words[0] = "one"
    for w in words:
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in SCALES:
            total += max(current, 1) * SCALES[w]
            current = 0
        elif w == "and":
            continue
        else:
            return None
    return total + current


def decimals(text: str) -> int:
    """Significant trailing zeros tell the precision: "1,000" -> rounded to 1000 (returns -3), "1,043" -> 0."""
    digits = re.sub(r"[^\d.]", "", text.split()[0]) if text and text[0].isdigit() else ""
    if not digits:
        return 0
    if "." in digits:
        return len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    return -(len(digits) - len(stripped)) if stripped else 0
