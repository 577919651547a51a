"""Money values: parsing officers' spellings of amounts into exact Decimals, and printing them.

Money is never a float. A blank cell is ``None`` (not zero): the printed tables leave it empty,
and rules treat it as an exact zero that carries no rounding.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, ROUND_HALF_UP

CENT = Decimal("0.01")

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋　（）", "0123456789.,-+ ()"
)
_ZERO_MARKS = {"-", "—", "－", "——", "–", "/"}


class AmountError(ValueError):
    """Text that is not an amount; ``text`` keeps the original for the message."""

    def __init__(self, text: str):
        super().__init__(f"“{text}”不是有效的金额")
        self.text = text


def parse_amount(text: object) -> Decimal | None:
    """Parse an amount as officers write it: ``1,234.50``, full-width digits, ``(12.00)``, blank, ``-``.

    Returns ``None`` for a blank cell and ``Decimal(0)`` for a dash. Raises AmountError for text.
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, bool):
        raise AmountError(str(text))
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):  # only from foreign sources; go through repr to keep what was shown
        return Decimal(repr(text))
    s = str(text).translate(_FULL_WIDTH).strip().replace("\u00a0", "")
    if s == "":
        return None
    if s in _ZERO_MARKS:
        return Decimal(0)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    s = s.replace(",", "").replace(" ", "")
    if s.endswith("%"):
        raise AmountError(str(text))
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise AmountError(str(text)) from None
    if not value.is_finite():
        raise AmountError(str(text))
    return -value if negative else value


def format_amount(value: Decimal | None, places: int = 2, thousands: bool = True) -> str:
    """Print an amount the way the official tables do: ``12,968.46``; blank stays blank."""
    if value is None:
        return ""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
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
