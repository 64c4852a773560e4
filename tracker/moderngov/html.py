"""An agenda item's minutes as ModernGov publishes them (HTML) turned into clean text: one
paragraph per block, list items as lines starting "- " or their number, no markup, scripts
or styles. The stdlib's HTML parser is forgiving of the tag soup word processors paste."""
from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = frozenset("p div h1 h2 h3 h4 h5 h6 table tr blockquote section article ul ol".split())
SKIPPED = frozenset(("script", "style", "head", "title"))
_SPACES = re.compile(r"[ \t\u00a0\u200b\r\f\v]+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open list; -1 for bullets
        self.skipping = 0

    def _end_paragraph(self) -> None:
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self._end_paragraph()
            if tag in ("ul", "ol"):
                self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            self._end_paragraph()
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                self.current.append(f"{self.lists[-1][0]}. ")
            else:
                self.current.append("- ")
        elif tag == "br":
            self._end_paragraph()
        elif tag in ("td", "th"):
            self.current.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS or tag == "li":
            self._end_paragraph()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.current.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """Paragraphs separated by a blank line; an empty string for minutes with no words."""
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    parser._end_paragraph()
    return "\n\n".join(parser.paragraphs)
