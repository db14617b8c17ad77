"""Display of numbers, targets and periods, shared by pages and exports."""

from decimal import Decimal

from .choices import Comparator

_SYMBOLS = {
    Comparator.EQ: "",
    Comparator.GTE: "≥ ",
    Comparator.LTE: "≤ ",
    Comparator.APPROX: "≈ ",
}


def format_number(value) -> str:
    """A Decimal without trailing zeros and without exponent: 1.1000 → "1.1", 3200 → "3200"."""
    if value is None or value == "":
        return ""
    try:
        value = Decimal(str(value))
    except ArithmeticError:
        return str(value)  # not a number (e.g. a rejected input shown again): keep it as typed
    if not value.is_finite():
        return str(value)
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_quantity(value, unit: str) -> str:
    """A value with its unit as written in Chinese documents: "1.1万个", "14%"."""
    if value is None:
        return "—"
    return f"{format_number(value)}{unit}"


def format_target(indicator) -> str:
    """The target with its comparator: "96家", "≥ 50万平方米", "6–6.5%"."""
    if indicator.comparator == Comparator.RANGE and indicator.target_value_max is not None:
        low = format_number(indicator.target_value)
        return f"{low}–{format_quantity(indicator.target_value_max, indicator.unit)}"
    prefix = _SYMBOLS.get(indicator.comparator, "")
    return prefix + format_quantity(indicator.target_value, indicator.unit)
