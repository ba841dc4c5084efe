"""Where in a publication's text a name stands, said so that an editor finds it without the
name itself: "the title", or "paragraph 2, which begins with 'Op vrijdag gingen'". The text
is the title, a blank line, and the body's paragraphs (separated by blank lines)."""

import re
from dataclasses import dataclass

OPENING_WORDS = 5


@dataclass(frozen=True)
class Passage:
    paragraph: int  # 0: the title; 1, 2, ...: the body's paragraphs
    opening: str  # the paragraph's first words, never reaching the name itself


def passage_at(text: str, start: int) -> Passage:
    """The passage of the character at `start` (where a name begins)."""
    paragraph, begins = 0, 0
    for match in re.finditer(r"\n\s*\n", text):
        if match.end() > start:
            break
        paragraph += 1
        begins = match.end()
    words = text[begins:start].split()[:OPENING_WORDS]
    return Passage(paragraph, " ".join(words))
