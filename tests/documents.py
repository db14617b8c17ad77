"""
Documents as people see them: converted to PDF by LibreOffice, read back with
poppler (pdftohtml's text fragments with their font, size and place; pdfinfo's
page sizes), and rendered as PNGs for a person to look at.

LibreOffice on Linux takes the substitutes of a missing font from fontconfig,
not from the document (targets/io/bulletin/fonts.py): the conversion runs with
the fallback chains as fontconfig aliases added to the machine's own
configuration, as docs/operations.md tells Linux desktops to install them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from targets.io.bulletin.fonts import fontconfig_aliases

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftohtml") and shutil.which("pdfinfo") and shutil.which("pdftoppm")
MISSING = (
    "LibreOffice and poppler-utils are needed to print documents "
    "(apt-get install libreoffice-writer libreoffice-calc poppler-utils; .ci/run does)"
)
ZOOM = 1.5  # pdftohtml's scale: its sizes and places are 1.5 times the points


@dataclass(frozen=True)
class Fragment:
    """A run of text on a page as pdftohtml reads it: where, in which face, how large."""

    page: int
    top: float
    left: float
    width: float
    height: float
    size: float  # points
    family: str
    text: str

    @property
    def bare(self) -> str:
        """The text without the spaces pdftohtml puts between Chinese and digits."""
        return re.sub(r"\s+", "", self.text)


@dataclass(frozen=True)
class Printed:
    """A document converted to PDF: its pages' text and sizes."""

    pdf: Path
    fragments: list[Fragment]
    page_sizes: list[tuple[float, float]]  # points, width × height

    @property
    def pages(self) -> int:
        return len(self.page_sizes)

    def on_page(self, page: int) -> list[Fragment]:
        return [f for f in self.fragments if f.page == page]

    def text(self) -> str:
        """Every fragment's text in the order drawn, without white space."""
        return "".join(f.bare for f in self.fragments)

    def page_text(self, page: int) -> str:
        """A page's text in the order drawn, without white space."""
        return "".join(f.bare for f in self.on_page(page))

    def overlaps(self, slack: float = 2.0) -> list[tuple[str, str]]:
        """
        Text drawn over other text, ``slack`` points allowed: what a program
        hides by clipping a cell (a row too low for its lines, a text running
        into the next cell) is still drawn in the PDF, over its neighbour.
        """
        found = []
        for page in range(1, self.pages + 1):
            boxes = [f for f in self.on_page(page) if f.bare]
            for index, a in enumerate(boxes):
                for b in boxes[index + 1 :]:
                    across = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
                    down = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
                    if across > slack and down > slack:
                        found.append((a.text, b.text))
        return found

    def pages_with(self, words: str) -> list[int]:
        return [page for page in range(1, self.pages + 1) if words in self.page_text(page)]


def convert(sources: list[Path], out: Path, profile: Path) -> dict[str, Printed]:
    """
    Every source converted in one LibreOffice run (it starts once), with its
    own profile (another LibreOffice may run meanwhile) and the fallback
    fonts; then read back. Keyed by the sources' stems.
    """
    fonts = out / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    (fonts / "luoshi-fonts.conf").write_text(fontconfig_aliases(), encoding="utf-8")
    (fonts / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><include>/etc/fonts/fonts.conf</include>"
        f"<include>{fonts / 'luoshi-fonts.conf'}</include></fontconfig>\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "FONTCONFIG_FILE": str(fonts / "fonts.conf")}
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        env=environment,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {source.stem: read_pdf(out / f"{source.stem}.pdf") for source in sources}


def read_pdf(pdf: Path) -> Printed:
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-q", "-zoom", str(ZOOM), str(pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    fonts, fragments = {}, []
    for page in root.iter("page"):
        number = int(page.get("number"))
        for spec in page.iter("fontspec"):
            fonts[spec.get("id")] = (float(spec.get("size")) / ZOOM, spec.get("family"))
        for text in page.iter("text"):
            size, family = fonts[text.get("font")]
            fragments.append(
                Fragment(
                    page=number,
                    top=float(text.get("top")) / ZOOM,
                    left=float(text.get("left")) / ZOOM,
                    width=float(text.get("width")) / ZOOM,
                    height=float(text.get("height")) / ZOOM,
                    size=size,
                    family=family,
                    text="".join(text.itertext()),
                )
            )
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    sizes = [
        (float(w), float(h))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]
    return Printed(pdf=pdf, fragments=fragments, page_sizes=sizes)


def keep_pages(printed: Printed, folder: Path, name: str) -> list[Path]:
    """
    The PDF and its pages as PNGs in ``folder`` (test-artifacts/documents/),
    named after the document, for a person to look at.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    shutil.copyfile(printed.pdf, folder / f"{name}.pdf")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(printed.pdf), str(folder / name)],
        check=True,
        capture_output=True,
    )
    return sorted(folder.glob(f"{name}-*.png"))
