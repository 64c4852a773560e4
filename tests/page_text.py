"""Reading a rendered page as a person sees it: its text (not its HTML source) and its ids."""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# Elements whose content is never read as page text.
HIDDEN_CONTENT = {"script", "style", "template", "textarea", "noscript", "title"}
# What escaped markup looks like once it reaches the text: a tag, an attribute, or an entity
# escaped twice.
STRAY_MARKUP = re.compile(
    r"</?(?:a|q|span|strong|p|div|br|mark|em|b|i|ul|li|h\d)\b[^<]{0,200}?>"
    r"|\b(?:class|href|id)=['\"]"
    r"|&(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);",
    re.IGNORECASE,
)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.ids: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
        if tag in HIDDEN_CONTENT:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in HIDDEN_CONTENT and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def page_text(html: str) -> str:
    """The page's text with whitespace collapsed, entities decoded, as a screen reader gets it."""
    return re.sub(r"\s+", " ", "".join(read(html).text)).strip()


def stray_markup(html: str) -> list[str]:
    """Pieces of markup that show as text on the page."""
    return [m.group(0) for m in STRAY_MARKUP.finditer(page_text(html))]


def duplicate_ids(html: str) -> list[str]:
    return sorted(name for name, n in Counter(read(html).ids).items() if n > 1)
