"""
What Word asks of the XML that python-docx leaves to its callers: the order
of a paragraph's properties (Word refuses a file whose properties are out of
order), and a table row kept whole.
"""

from __future__ import annotations

from docx.oxml import OxmlElement

# What may follow w:pBdr in a w:pPr, in the schema's order.
AFTER_BORDER = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd"),
    *("w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents"),
    *("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap"),
    *("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)
# What may follow w:framePr.
AFTER_FRAME = ("w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", *AFTER_BORDER)


def keep_row_whole(row) -> None:
    """A table row never splits across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
