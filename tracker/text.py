"""Text that every file format can hold. Word and Excel files are XML 1.0, which has no way
to write most control characters, unpaired surrogates or U+FFFE/U+FFFF: one such character
stored in a note would make every download of the committee's log fail. So they are taken
out on the way in (forms, imports, minutes, and any row the ORM writes) and again on the way
out of every writer."""
from __future__ import annotations

import re

# The complement of XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] |
# [#xE000-#xFFFD] | [#x10000-#x10FFFF].
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """`value` without the characters XML 1.0 cannot hold (anything not a str unchanged)."""
    if isinstance(value, str) and XML_ILLEGAL.search(value):
        return XML_ILLEGAL.sub("", value)
    return value
