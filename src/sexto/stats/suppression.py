"""Cell suppression for published count tables: small cells hidden, and the cells that would
give them away hidden too. Pure Python (no Django), so it can be tested exhaustively.

A table is published with its row totals, column totals and grand total. We model it as an
(R+1) x (C+1) grid whose last row and last column hold the totals, and treat totals like any
other cell: a quarter with 3 cases is as revealing as a cell of 3.

Rules (DESIGN.md: "suppress any cell below 5 and the cells that would reveal it"):

1. Primary suppression: every cell (totals included) from 1 to 4 is shown as "< 5". Zero is
   shown: a zero describes nobody, and hiding zeros would hide nothing about a person.
2. Complementary suppression: in every line (a row with its total, or a column with its total)
   where exactly one cell is hidden, the line's sum would give it away, so the smallest non-zero
   visible cell of that line is hidden too. Repeated until no line has exactly one hidden cell.
3. Audit: an attacker also combines lines (e.g. a bridge between two blocks of hidden cells) and
   uses what the symbols say ("< 5" means 1 to 4; a hidden cell that is not "< 5" is 0 or at
   least 5, and we never hide zeros as complements, so at least 5). A hidden cell is worked out
   exactly iff no other table agrees with everything published; by conformal decomposition of
   the difference of two such tables into cycles, that is iff no cycle through the cell can move
   by one unit within the bounds. For every cell so pinned, one more cell is hidden (the smallest
   non-zero visible one in its row or column) and we go back to step 2, to a fixed point.

Complementary cells are shown as "x", never as "< 5": many are 5 or more, and "< 5" would be
false. A table whose grand total is under 5 is withheld whole: every cell "x".
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

THRESHOLD: Final = 5
UNBOUNDED: Final = 10**9


class CellStatus(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: 1 to 4, shown as "< 5"
    HIDDEN = "hidden"  # complementary: hidden so that a small cell cannot be derived


@dataclass(frozen=True)
class Cell:
    """One published cell; `value` is None unless shown."""

    value: int | None
    status: CellStatus

    @property
    def display(self) -> str:
        if self.status is CellStatus.SMALL:
            return "< 5"
        if self.status is CellStatus.HIDDEN:
            return "x"
        return str(self.value)

    @property
    def suppressed(self) -> bool:
        return self.status is not CellStatus.SHOWN


Position = tuple[int, int]


class SuppressionBlocked(Exception):
    """A hidden cell can only be protected by hiding cells fixed as shown (`positions`)."""

    def __init__(self, positions: frozenset[Position]) -> None:
        super().__init__(f"protecting this table needs hiding {sorted(positions)}")
        self.positions = positions


def grid_with_totals(values: Sequence[Sequence[int]]) -> list[list[int]]:
    """The inner counts with a total column, a total row and the grand total appended."""
    if not values or not values[0]:
        raise ValueError("A table needs at least one row and one column.")
    width = len(values[0])
    if any(len(row) != width for row in values):
        raise ValueError("Every row of a table needs the same number of columns.")
    if any(v < 0 for row in values for v in row):
        raise ValueError("Counts cannot be negative.")
    grid = [[*row, sum(row)] for row in values]
    grid.append([sum(grid[i][j] for i in range(len(values))) for j in range(width + 1)])
    return grid


def _lines(rows: int, cols: int) -> list[list[Position]]:
    """Every row (with its total) and every column (with its total) of the full grid."""
    by_row = [[(i, j) for j in range(cols)] for i in range(rows)]
    by_col = [[(i, j) for i in range(rows)] for j in range(cols)]
    return by_row + by_col


def bounds_known_to_reader(value: int, *, primary: bool) -> tuple[int, int]:
    """What a reader can infer about a hidden cell from its symbol (see module docstring)."""
    if primary:
        return 1, THRESHOLD - 1
    return (THRESHOLD, UNBOUNDED) if value > 0 else (0, UNBOUNDED)


def cells_derivable(
    grid: Sequence[Sequence[int]], hidden: set[Position], primary: set[Position]
) -> set[Position]:
    """Hidden cells whose exact value follows from the published cells, the totals and the
    bounds the symbols give (the audit of rule 3)."""
    rows, cols = len(grid), len(grid[0])
    last_r, last_c = rows - 1, cols - 1

    def sign(i: int, j: int) -> int:
        # y = sign * x makes every row and column of the grid sum to zero (totals flipped).
        return -1 if (i == last_r) != (j == last_c) else 1

    # Residual arcs: ("r", i) -> ("c", j) if y_ij may go up by one, ("c", j) -> ("r", i) if down.
    arcs: dict[tuple[str, int], list[tuple[tuple[str, int], Position]]] = {}
    for i, j in hidden:
        low, high = bounds_known_to_reader(grid[i][j], primary=(i, j) in primary)
        x_up, x_down = grid[i][j] < high, grid[i][j] > low
        y_up, y_down = (x_up, x_down) if sign(i, j) == 1 else (x_down, x_up)
        if y_up:
            arcs.setdefault(("r", i), []).append((("c", j), (i, j)))
        if y_down:
            arcs.setdefault(("c", j), []).append((("r", i), (i, j)))

    def reachable(start: tuple[str, int], goal: tuple[str, int], avoid: Position) -> bool:
        seen = {start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                return True
            for nxt, cell in arcs.get(node, ()):
                if cell != avoid and nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    derivable = set()
    for i, j in hidden:
        r, c = ("r", i), ("c", j)
        can_up = any(nxt == c and cell == (i, j) for nxt, cell in arcs.get(r, ()))
        can_down = any(nxt == r and cell == (i, j) for nxt, cell in arcs.get(c, ()))
        moves = (can_up and reachable(c, r, (i, j))) or (can_down and reachable(r, c, (i, j)))
        if not moves:
            derivable.add((i, j))
    return derivable


def _smallest_visible(
    grid: Sequence[Sequence[int]],
    candidates: list[Position],
    hidden: set[Position],
    keep: frozenset[Position] = frozenset(),
) -> Position | None:
    """The smallest non-zero visible cell among `candidates` (not in `keep`), inner cells
    before totals."""
    rows, cols = len(grid), len(grid[0])

    def usable(p: Position) -> bool:
        return p not in hidden and p not in keep and grid[p[0]][p[1]] > 0

    def strands(p: Position, line: list[Position]) -> bool:
        # Hiding p alone in a line with no other usable cell would give p away.
        if any(q in hidden for q in line):
            return False
        return not any(usable(q) for q in line if q != p)

    visible = [p for p in candidates if usable(p)]
    if not visible:
        return None
    good = [
        p
        for p in visible
        if not strands(p, [(p[0], k) for k in range(cols)])
        and not strands(p, [(k, p[1]) for k in range(rows)])
    ]
    return min(
        good or visible,
        key=lambda p: (grid[p[0]][p[1]], p[0] == rows - 1 or p[1] == cols - 1, p),
    )


def suppress(
    values: Sequence[Sequence[int]],
    *,
    fixed_hidden: frozenset[Position] = frozenset(),
    fixed_shown: frozenset[Position] = frozenset(),
    withhold: bool = False,
) -> list[list[Cell]]:
    """The table with totals, every cell marked shown, "< 5" or hidden (rules 1-3 above).

    `fixed_hidden` / `fixed_shown` pin cells another table already publishes (shared totals):
    a figure shown in one table is never hidden in another, so complements go elsewhere.
    `withhold` hides the whole table (the last resort when shared totals cannot be hidden)."""
    grid = grid_with_totals(values)
    rows, cols = len(grid), len(grid[0])
    primary = {(i, j) for i in range(rows) for j in range(cols) if 0 < grid[i][j] < THRESHOLD}
    if primary & fixed_shown:
        raise ValueError("A cell under 5 cannot be fixed as shown.")
    if withhold or 0 < grid[-1][-1] < THRESHOLD:
        # Fewer than 5 in the whole table: "< 5" would tell which cells are not zero, and the
        # few cases could be placed. The whole table is withheld: every cell "x".
        return [[Cell(None, CellStatus.HIDDEN) for _j in range(cols)] for _i in range(rows)]
    hidden = primary | set(fixed_hidden)
    lines = _lines(rows, cols)
    everything = [(i, j) for i in range(rows) for j in range(cols)]
    while True:
        changed = False
        for line in lines:
            if sum(1 for p in line if p in hidden) == 1:
                extra = _smallest_visible(grid, line, hidden, fixed_shown)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
        if changed:
            continue
        pinned = sorted(cells_derivable(grid, hidden, primary))
        if not pinned:
            break
        i, j = pinned[0]
        around = [(i, k) for k in range(cols)] + [(k, j) for k in range(rows)]
        extra = _smallest_visible(grid, around, hidden, fixed_shown)
        # Only a figure another table publishes could protect this cell: the caller must hide
        # it everywhere and start again (a zero is never worth hiding: it protects nothing).
        shared_nearby = {p for p in fixed_shown & set(around) if grid[p[0]][p[1]] > 0}
        if extra is None and shared_nearby:
            raise SuppressionBlocked(frozenset(shared_nearby))
        extra = extra or _smallest_visible(grid, everything, hidden, fixed_shown)
        shared = {p for p in fixed_shown if grid[p[0]][p[1]] > 0}
        if extra is None and shared:
            raise SuppressionBlocked(frozenset(shared))
        if extra is None:
            break  # every non-zero cell is already hidden: nothing more to hide
        hidden.add(extra)
    return [
        [
            Cell(
                None if (i, j) in hidden else grid[i][j],
                CellStatus.SMALL
                if (i, j) in primary
                else CellStatus.HIDDEN
                if (i, j) in hidden
                else CellStatus.SHOWN,
            )
            for j in range(cols)
        ]
        for i in range(rows)
    ]
