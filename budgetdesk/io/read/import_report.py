"""What an import did with every value of its source: placed where, kept as extra rows, or not placed and why.

Every reader (texts, workbooks, 绩效 forms) turns its source into ``Grid``s of ``GridCell``s (text and
where it came from, e.g. ``表1!C7`` or ``第 12 行``) and fills one ``ImportReport``: nothing is dropped
silently, and a finding can name the source cell of each figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GridCell:
    text: str
    location: str


@dataclass
class Grid:
    """One table as found in a source: its title cell, the lines above the grid, the rows, notes."""

    title: str
    location: str
    rows: list[list[GridCell]] = field(default_factory=list)
    notes: list[GridCell] = field(default_factory=list)


@dataclass(frozen=True)
class Unplaced:
    location: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}：“{self.text}” —— {self.reason}"


@dataclass
class TableReport:
    table: str
    title: str
    source: str
    reason: str
    placed: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # column key → source header text


@dataclass
class ImportReport:
    source: str
    template_set: str = ""
    tables: list[TableReport] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # (table, row, column) → source location of the figure, so findings can name the source cell
    locations: dict[tuple[str, str, str], str] = field(default_factory=dict)
    placed_cells: list[str] = field(default_factory=list)  # "表1!C7 → 《收入总表》208 合计 = 12,968.46"
    extra_rows: list[tuple[str, str, str]] = field(default_factory=list)  # (table, row key, label) kept as extra rows
    # what a mapping taught once could place (``io.mappings``): (table, label, where) and (table, header leaf, where)
    unknown_rows: list[tuple[str, str, str]] = field(default_factory=list)
    unknown_columns: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def placed(self) -> int:
        return sum(t.placed for t in self.tables)

    def fit_score(self) -> int:
        """How well the chosen template set fits the source: used to pick among template sets.

        Placed figures and official-title matches count for; values left over and columns without a
        place count against. Tables the source simply does not contain do not count: partial
        workbooks are normal.
        """
        official = sum(1 for t in self.tables if "完全一致" in t.reason)
        column_notices = sum(1 for n in self.notices if not n.startswith("没有找到"))
        return self.placed + 10 * official - 5 * len(self.unplaced) - 2 * column_notices

    def lines(self, detail: bool = False) -> list[str]:
        out = [f"来源：{self.source}（模板 {self.template_set}）"]
        for t in self.tables:
            out.append(f"  {t.source} → 《{t.title}》：{t.reason}，放入 {t.placed} 个数")
        for n in self.notices:
            out.append(f"  提示：{n}")
        if self.unplaced:
            out.append(f"  未能放入的内容 {len(self.unplaced)} 处：")
            out.extend(f"    {u}" for u in self.unplaced)
        else:
            out.append("  所有数据均已放入。")
        if detail:
            out.append(f"  放入的 {len(self.placed_cells)} 个数：")
            out.extend(f"    {line}" for line in self.placed_cells)
        return out
