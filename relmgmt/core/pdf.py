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
