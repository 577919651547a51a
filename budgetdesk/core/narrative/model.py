"""The 情况说明 as text: headings and paragraphs in order, grouped into sections, split into sentences.

A narrative is a flat sequence of blocks (a heading or a paragraph), exactly as an editor or a Word
document holds them; sections and sentences are derived from it. A block's index is its place in
that sequence, so a finding's ``TextPosition.paragraph`` is the editor's block number. Offsets are
character offsets inside one block's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from budgetdesk.core.findings import Finding

_SENTENCE_END = re.compile(r"[。！？!?]+|$")


@dataclass(frozen=True)
class Block:
    text: str
    heading: bool = False
    # the generated section this block belongs to ("" when written by hand); kept so that
    # regenerating one section finds its blocks and the reasons the officer wrote in them
    section_key: str = ""

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"text": self.text}
        if self.heading:
            d["heading"] = True
        if self.section_key:
            d["section"] = self.section_key
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Block":
        return cls(str(d.get("text", "")), bool(d.get("heading", False)), str(d.get("section", "")))


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[tuple[int, Block], ...]  # (block index, block) of its paragraphs

    @property
    def paragraphs(self) -> tuple[tuple[int, Block], ...]:
        return self.blocks


@dataclass(frozen=True)
class Narrative:
    blocks: tuple[Block, ...] = field(default=())

    def __bool__(self) -> bool:
        return any(b.text.strip() for b in self.blocks)

    @classmethod
    def of(cls, *items: str | Block) -> "Narrative":
        """Build from text: a string starting with ``#`` is a heading."""
        blocks = []
        for item in items:
            if isinstance(item, Block):
                blocks.append(item)
            elif item.startswith("#"):
                blocks.append(Block(item.lstrip("#").strip(), heading=True))
            else:
                blocks.append(Block(item))
        return cls(tuple(blocks))

    def sections(self) -> list[Section]:
        out: list[Section] = []
        title, current = "", []
        for i, b in enumerate(self.blocks):
            if b.heading:
                if current or title:
                    out.append(Section(title, tuple(current)))
                title, current = b.text, []
            else:
                current.append((i, b))
        if current or title:
            out.append(Section(title, tuple(current)))
        return out

    def paragraphs(self) -> Iterator[tuple[str, int, Block]]:
        """(section title, block index, block) of every non-heading block."""
        for s in self.sections():
            for i, b in s.blocks:
                yield s.title, i, b

    def section_title_of(self, index: int) -> str:
        title = ""
        for i, b in enumerate(self.blocks[: index + 1]):
            if b.heading:
                title = b.text
        return title

    def to_text(self) -> str:
        """Plain text with headings marked by ``#`` (what ``parse_text`` reads back)."""
        return "\n".join(("# " + b.text) if b.heading else b.text for b in self.blocks) + ("\n" if self.blocks else "")

    def to_list(self) -> list[dict[str, object]]:
        return [b.to_dict() for b in self.blocks]

    @classmethod
    def from_list(cls, items: list) -> "Narrative":
        return cls(tuple(Block.from_dict(d) for d in items))

    def replace_block(self, index: int, text: str) -> "Narrative":
        blocks = list(self.blocks)
        blocks[index] = replace(blocks[index], text=text)
        return Narrative(tuple(blocks))


def sentences(text: str) -> list[Sentence]:
    """Sentences of one paragraph, ending at 。！？ (the end mark stays with its sentence)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if end > start and text[start:end].strip():
            out.append(Sentence(start, end, text[start:end]))
        start = end
        if m.start() == len(text):
            break
    return out


@dataclass(frozen=True)
class NarrativeReport:
    """The findings of a narrative and how many of its figures were checked (核对) or not (未核对)."""

    findings: list["Finding"]
    checked: int = 0
    unchecked: int = 0

    def counts(self) -> str:
        return f"核对 {self.checked} 处，未核对 {self.unchecked} 处"
