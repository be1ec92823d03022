"""Suppression: small cells shown as "< 5", and no hidden cell can be worked out from the rest.

The attackers here are written independently of the algorithm: one solves lines with a single
unknown (what a reader does with a calculator), the other enumerates every table that agrees with
what is published (exact, on small tables).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sexto.stats.suppression import (
    Cell,
    CellStatus,
    SuppressionBlocked,
    cells_derivable,
    grid_with_totals,
    suppress,
)

SMALL = range(1, 5)


def _published(table: list[list[Cell]]) -> list[list[str]]:
    return [[c.display for c in row] for row in table]


def line_solver_attack(table: list[list[Cell]]) -> dict[tuple[int, int], int]:
    """Repeatedly fill in any line (row or column, totals included) with one unknown."""
    rows, cols = len(table), len(table[0])
    known: dict[tuple[int, int], int] = {
        (i, j): c.value
        for i, row in enumerate(table)
        for j, c in enumerate(row)
        if c.value is not None
    }
    derived: dict[tuple[int, int], int] = {}
    progress = True
    while progress:
        progress = False
        lines = [[(i, j) for j in range(cols)] for i in range(rows)] + [
            [(i, j) for i in range(rows)] for j in range(cols)
        ]
        for line in lines:
            unknown = [p for p in line if p not in known]
            if len(unknown) != 1:
                continue
            total_pos, parts = line[-1], line[:-1]
            (p,) = unknown
            if p == total_pos:
                value = sum(known[q] for q in parts)
            else:
                value = known[total_pos] - sum(known[q] for q in parts if q != p)
            known[p] = derived[p] = value
            progress = True
    return derived


def enumeration_attack(table: list[list[Cell]], cap: int) -> dict[tuple[int, int], set[int]]:
    """Every table agreeing with what is published (symbols' bounds included, hidden inner cells
    up to `cap`): the values each hidden cell can take."""
    rows, cols = len(table) - 1, len(table[0]) - 1

    # A withheld table (every cell "x", total under 5): its cells only fit the total.
    withheld = all(c.status is CellStatus.HIDDEN for row in table for c in row)
    hidden_range = range(0, 5) if withheld else range(5, cap + 1)

    def allowed(cell: Cell) -> Sequence[int]:
        if cell.status is CellStatus.SHOWN:
            assert cell.value is not None
            return [cell.value]
        if cell.status is CellStatus.SMALL:
            return SMALL
        return hidden_range

    def fits(cell: Cell, value: int) -> bool:
        if cell.status is CellStatus.SHOWN:
            return value == cell.value
        if cell.status is CellStatus.SMALL:
            return 1 <= value <= 4
        return value in hidden_range

    seen: dict[tuple[int, int], set[int]] = {
        (i, j): set() for i in range(rows + 1) for j in range(cols + 1) if table[i][j].suppressed
    }
    for inner in itertools.product(
        *[allowed(table[i][j]) for i in range(rows) for j in range(cols)]
    ):
        grid = [list(inner[i * cols : (i + 1) * cols]) for i in range(rows)]
        full = grid_with_totals(grid)
        if all(fits(table[i][j], full[i][j]) for i in range(rows + 1) for j in range(cols + 1)):
            for pos in seen:
                seen[pos].add(full[pos[0]][pos[1]])
    return seen


def test_small_cells_show_as_under_five_and_zero_is_shown() -> None:
    table = suppress([[0, 3, 12], [7, 9, 20]])
    assert _published(table)[0][0] == "0"
    assert _published(table)[0][1] == "< 5"
    # The row and the column of the 3 each lose a second cell, so the 3 cannot be recomputed.
    assert sum(c.suppressed for c in table[0]) >= 2
    assert sum(table[i][1].suppressed for i in range(3)) >= 2
    assert line_solver_attack(table) == {}


def test_nothing_hidden_when_every_cell_is_zero_or_large() -> None:
    table = suppress([[0, 5], [6, 0]])
    assert all(not c.suppressed for row in table for c in row)
    assert table[2][2].value == 11


def test_a_small_total_is_hidden_too() -> None:
    table = suppress([[0, 0, 0], [10, 12, 9]])
    assert all(c.display in {"0"} for c in table[0][:3])
    table = suppress([[1, 0], [10, 12]])
    assert table[0][2].display == "< 5"  # the row total (1)
    assert line_solver_attack(table) == {}


def test_complementary_cells_are_shown_as_x_not_as_under_five() -> None:
    table = suppress([[3, 40, 50], [30, 41, 52]])
    statuses = {c.status for row in table for c in row}
    assert CellStatus.HIDDEN in statuses
    hidden_values = [
        grid_with_totals([[3, 40, 50], [30, 41, 52]])[i][j]
        for i, row in enumerate(table)
        for j, c in enumerate(row)
        if c.status is CellStatus.HIDDEN
    ]
    assert all(v >= 5 for v in hidden_values)
    assert all(c.display == "x" for row in table for c in row if c.status is CellStatus.HIDDEN)


def test_a_bridge_between_two_hidden_blocks_is_caught_by_the_audit() -> None:
    # Two 2x2 blocks of hidden cells joined by one hidden cell: every line has 0 or at least 2
    # hidden cells, yet rows 0-1 minus columns 0-1 give the bridge away. The audit sees it.
    grid = grid_with_totals([[20] * 4 for _ in range(4)])
    blocks = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
    assert cells_derivable(grid, blocks | {(1, 2)}, primary=set()) == {(1, 2)}
    assert cells_derivable(grid, blocks, primary=set()) == set()


def test_bounds_of_under_five_are_used_by_the_audit() -> None:
    # Two "< 5" cells in a line whose visible total leaves 2 for them: both are 1.
    grid = grid_with_totals([[1, 1, 9], [1, 1, 9]])
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert cells_derivable(grid, hidden, primary=hidden) == hidden
    table = suppress([[1, 1, 9], [1, 1, 9]])
    assert all(len(v) >= 2 for v in enumeration_attack(table, cap=40).values())


counts = st.integers(min_value=0, max_value=12) | st.sampled_from([0, 1, 2, 3, 4])


@st.composite
def small_tables(draw: st.DrawFn) -> list[list[int]]:
    rows = draw(st.integers(min_value=1, max_value=3))
    cols = draw(st.integers(min_value=1, max_value=3))
    return [[draw(counts) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables())
def test_no_hidden_cell_is_ever_derived_from_the_totals(values: list[list[int]]) -> None:
    table = suppress(values)
    truth = grid_with_totals(values)
    # Every cell of 1 to 4 is hidden, every shown cell is true.
    for i, row in enumerate(table):
        for j, cell in enumerate(row):
            whole_table_small = 0 < truth[-1][-1] < 5
            if 0 < truth[i][j] < 5 and not whole_table_small:
                assert cell.display == "< 5"
            if whole_table_small:
                assert cell.suppressed
            if not cell.suppressed:
                assert cell.value == truth[i][j]
    # The calculator attack derives nothing.
    assert line_solver_attack(table) == {}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables().filter(lambda t: len(t) * len(t[0]) <= 4))
def test_no_table_agreeing_with_the_publication_pins_a_hidden_cell(values: list[list[int]]) -> None:
    table = suppress(values)
    cap = sum(map(sum, values)) + 8
    possibilities = enumeration_attack(table, cap=cap)
    truth = grid_with_totals(values)
    for (i, j), seen in possibilities.items():
        assert truth[i][j] in seen
        assert len(seen) >= 2, f"cell {(i, j)} of {values} is derivable: {_published(table)}"


@pytest.mark.parametrize("bad", [[], [[]], [[1, 2], [3]], [[-1]]])
def test_malformed_tables_are_refused(bad: list[list[int]]) -> None:
    with pytest.raises(ValueError):
        suppress(bad)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables())
def test_shared_totals_fixed_by_another_table_are_respected(values: list[list[int]]) -> None:
    # The row totals are published elsewhere (e.g. the quarter totals): keep their status; when
    # only hiding one of them can protect a cell, the caller hides it everywhere and retries.
    rows, cols = len(values), len(values[0])
    positions = [(i, cols) for i in range(rows)] + [(rows, cols)]
    forced: set[int] = set()
    withhold = False
    while True:
        margins = suppress(
            [[sum(r) for r in values]],
            fixed_hidden=frozenset((r, i) for i in forced for r in (0, 1)),
            withhold=withhold,
        )[0]
        fixed = dict(zip(positions, margins, strict=True))
        try:
            table = suppress(
                values,
                fixed_hidden=frozenset(p for p, c in fixed.items() if c.suppressed),
                fixed_shown=frozenset(p for p, c in fixed.items() if not c.suppressed),
                withhold=withhold,
            )
        except SuppressionBlocked as blocked:
            more = {i for i, _j in blocked.positions}  # row i; `rows` is the grand total
            if more <= forced:
                withhold = True
            forced |= more
            continue
        break
    for (i, j), cell in fixed.items():
        assert table[i][j].display == cell.display
    assert line_solver_attack(table) == {}
    truth = grid_with_totals(values)
    if rows * cols <= 4:
        for (i, j), seen in enumeration_attack(table, cap=sum(map(sum, values)) + 8).items():
            assert truth[i][j] in seen and len(seen) >= 2, (values, _published(table))
