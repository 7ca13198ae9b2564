"""What the printable PDFs (fpdf2) share: the bundled DejaVu Sans, so any name prints,
and the colours of their text. The fonts' licence is ``fonts/LICENSE``."""

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MUTED = (100, 100, 100)
BLACK = (0, 0, 0)


def add_fonts(document) -> None:
    """Register DejaVu Sans (regular and bold) with an ``FPDF`` document as ``FONT``."""
    document.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    document.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))


def fit_columns(
    document, columns: list[tuple[str, float]], *, style: str = "B", size: float = 8
) -> list[float]:
    """Widths (mm) for a table's ``columns`` (title, wanted width) such that no title breaks
    inside a word: a column narrower than its title's longest word is widened to fit it, and
    the room is taken from the columns with the most to spare, so the table keeps its width.
    Measured in the headings' font (bold by default, as fpdf2's tables print them)."""
    family, current_style, current_size = (
        document.font_family,
        document.font_style,
        document.font_size_pt,
    )
    document.set_font(FONT, style, size)
    # A little room either side of the text (the cell's margin) and for rounding.
    room = 2 * document.c_margin + 0.5
    needed = [
        max(document.get_string_width(word) for word in title.split()) + room
        for title, _width in columns
    ]
    if family:
        document.set_font(family, current_style, current_size)
    widths = [max(width, need) for (_title, width), need in zip(columns, needed, strict=True)]
    excess = sum(widths) - sum(width for _title, width in columns)
    while excess > 0.01:
        spare = [width - need for width, need in zip(widths, needed, strict=True)]
        giving = [index for index, room_left in enumerate(spare) if room_left > 0.01]
        if not giving:
            break
        share = excess / len(giving)
        for index in giving:
            taken = min(share, spare[index])
            widths[index] -= taken
            excess -= taken
    return widths
