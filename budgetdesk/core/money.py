"""Money values: parsing officers' spellings of amounts into exact Decimals, and printing them.

Money is never a float. A blank cell is ``None`` (not zero): the printed tables leave it empty,
and rules treat it as an exact zero that carries no rounding.

Every path that turns outside data into an amount (typing, paste, workbook and text import, JSON and
.bdesk load) goes through :func:`parse_amount`, so the bounds below hold everywhere: no exponents, no
inf/NaN, thousands separators only in groups of three, at most ``MAX_INTEGER_DIGITS`` digits before the
point, ``MAX_PLACES`` after it, and ``MAX_SIGNIFICANT`` in all — the most a spreadsheet cell (a double)
stores exactly, so an exported amount reads back as the same number.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP

CENT = Decimal("0.01")

MAX_INTEGER_DIGITS = 13  # 9,999,999,999,999 万元: far beyond any budget, still exact in a double
MAX_PLACES = 6  # 元 converted to 万元 gives six places
MAX_SIGNIFICANT = 15  # a double keeps 15 significant decimal digits exactly

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋　（）", "0123456789.,-+ ()"
)
_ZERO_MARKS = {"-", "—", "－", "——", "–", "/"}
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


class AmountError(ValueError):
    """Text that is not an amount; ``text`` keeps the original and ``reason`` says why, for the message."""

    def __init__(self, text: str, reason: str = ""):
        shown = text if len(text) <= 40 else text[:37] + "…"
        message = f"“{shown}”不是有效的金额"
        super().__init__(f"{message}：{reason}" if reason else message)
        self.text = text
        self.reason = reason


def parse_amount(text: object) -> Decimal | None:
    """Parse an amount as officers write it: ``1,234.50``, full-width digits, ``(12.00)``, blank, ``-``.

    Returns ``None`` for a blank cell and ``Decimal(0)`` for a dash. Raises AmountError for text,
    exponents, misplaced thousands separators, dates, booleans and numbers out of bounds.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise AmountError(str(text), "是逻辑值（TRUE/FALSE），不是金额")
    if isinstance(text, (_dt.date, _dt.time, _dt.datetime, _dt.timedelta)):
        raise AmountError(str(text), "是日期或时间，不是金额")
    if isinstance(text, Decimal):
        return check_amount(text, str(text))
    if isinstance(text, int):
        return check_amount(Decimal(text), str(text))
    if isinstance(text, float):
        return check_amount(_from_float(text), repr(text))
    original = str(text)
    s = original.translate(_FULL_WIDTH).strip().replace("\u00a0", "")
    if s == "":
        return None
    if s in _ZERO_MARKS:
        return Decimal(0)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
        if s[:1] in ("+", "-"):  # (-5): which sign was meant cannot be known, so neither is guessed
            raise AmountError(original, "括号已表示负数，括号内不能再带正负号")
    s = s.replace(" ", "")
    if s.endswith("%"):
        raise AmountError(original, "是百分数")
    if "," in s:
        if not _GROUPED.fullmatch(s):
            raise AmountError(original, "千分位逗号只能每三位一个")
        s = s.replace(",", "")
    elif not _PLAIN.fullmatch(s):
        if re.fullmatch(r"[+-]?[\d.]+[eE][+-]?\d+", s):
            raise AmountError(original, "不接受科学计数法")
        if s.lower().lstrip("+-") in ("inf", "infinity", "nan"):
            raise AmountError(original, "不是有限的数")
        raise AmountError(original)
    value = Decimal(s)
    return check_amount(-value if negative else value, original)


def _from_float(value: float) -> Decimal:
    """A spreadsheet's double as the number it shows: 15 significant digits, so 0.30000000000000004 is 0.3."""
    if math.isnan(value) or math.isinf(value):
        raise AmountError(repr(value), "不是有限的数")
    d = Decimal(format(value, ".15g"))
    if d == d.to_integral_value() and abs(d) < Decimal(10) ** MAX_SIGNIFICANT:
        return d.quantize(Decimal(1))
    return Decimal(format(d, "f")).normalize() if d.as_tuple().exponent < 0 else d


def check_amount(value: Decimal, text: str | None = None) -> Decimal:
    """``value`` if it is a finite amount within the bounds, else AmountError naming the bound broken."""
    shown = text if text is not None else str(value)
    try:
        if not value.is_finite():
            raise AmountError(shown, "不是有限的数")
        sign, digits, exponent = value.as_tuple()
    except InvalidOperation:  # pragma: no cover - signalling NaN
        raise AmountError(shown, "不是有限的数") from None
    places = -exponent if exponent < 0 else 0
    integer_digits = max(len(digits) + exponent, 0) if digits != (0,) else 0
    if integer_digits > MAX_INTEGER_DIGITS:
        raise AmountError(shown, f"整数部分超过 {MAX_INTEGER_DIGITS} 位")
    if places > MAX_PLACES:
        stripped = value.normalize()
        exp = stripped.as_tuple().exponent
        if isinstance(exp, int) and -exp > MAX_PLACES:
            raise AmountError(shown, f"小数超过 {MAX_PLACES} 位")
        value = value.quantize(Decimal(1).scaleb(-MAX_PLACES))
    significant = len(value.normalize().as_tuple().digits)
    if significant > MAX_SIGNIFICANT:
        raise AmountError(shown, f"有效数字超过 {MAX_SIGNIFICANT} 位")
    return value


def format_amount(value: Decimal | None, places: int = 2, thousands: bool = True) -> str:
    """Print an amount the way the official tables do: ``12,968.46``; blank stays blank; never ``-0.00``."""
    if value is None:
        return ""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)
    return f"{q:,.{places}f}" if thousands else f"{q:.{places}f}"


def canonical(value: Decimal | None) -> str | None:
    """The interchange spelling of an amount: plain digits, no exponent, trailing zeros kept as typed."""
    if value is None:
        return None
    return format(value, "f")


def decimal_places(value: Decimal) -> int:
    """How many digits stand after the decimal point (``12.340`` has 3)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
