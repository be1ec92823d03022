"""Suppression: small cells shown as "< 5", and no hidden cell can be worked out from the rest.

The attackers here are written independently of the algorithm: one solves lines with a single
unknown (what a reader does with a calculator), the other enumerates every table that agrees with
what is published (exact, on small tables).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sexto.stats.suppression import (
    Cell,
    CellStatus,
    SuppressionBlocked,
    _smallest_visible,
    cells_derivable,
    grid_with_totals,
    suppress,
)

SMALL = range(1, 5)

# `make mutation` runs these properties once per mutant (hundreds of times), so it asks for a
# twentieth of the examples (SEXTO_HYPOTHESIS_SCALE, docs/mutation.md); the suite runs them all.
_SCALE = float(os.environ.get("SEXTO_HYPOTHESIS_SCALE", "1"))


def _examples(count: int) -> int:
    return max(10, round(count * _SCALE))


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


# Exact publications of small tables, worked out by hand from the rules of suppression.py: a
# cell that needs no hiding is published. Each table lists its rows with the row total last,
# then the column totals with the grand total.
EXACT = {
    "nothing-to-hide": ([[10, 20], [30, 40]], ["10 20 30", "30 40 70", "40 60 100"]),
    "zeros-are-shown": ([[0, 5], [6, 0]], ["0 5 5", "6 0 6", "6 5 11"]),
    "a-zero-row": ([[0, 0, 0], [10, 12, 9]], ["0 0 0 0", "10 12 9 31", "10 12 9 31"]),
    "zeros-beside-one-cell": ([[7, 0], [0, 0]], ["7 0 7", "0 0 0", "7 0 7"]),
    "five-is-not-small": ([[5]], ["5 5", "5 5"]),
    "all-zero": ([[0]], ["0 0", "0 0"]),
    # The 3's row and column each lose their smallest other cell (12 in the row, 9 in the
    # column), then the 9's row loses 20 so the 12 cannot be recomputed; the rest is shown.
    "one-small-cell": ([[0, 3, 12], [7, 9, 20]], ["0 <5 x 15", "7 x x 36", "7 12 32 51"]),
    # Four cells of a 3 x 3 table (a 2 x 2 block around the 2); the other twelve are shown.
    "one-small-cell-of-nine": (
        [[2, 10, 10], [10, 10, 10], [10, 10, 10]],
        ["<5 x 10 22", "x x 10 30", "10 10 10 30", "22 30 30 82"],
    ),
    "complements-are-large": (
        [[3, 40, 50], [30, 41, 52]],
        ["<5 x 50 93", "x x 52 123", "33 81 102 216"],
    ),
    # A small row total is itself "< 5"; its column loses 10, its row total column 22.
    "small-row-total": ([[1, 0], [10, 12]], ["<5 0 <5", "x 12 x", "11 12 23"]),
    # One row: the column totals repeat the row, so both lines lose their 10.
    "one-row": ([[3, 10]], ["<5 x 13", "<5 x 13"]),
    # The 1 and the 6 can be 1 + 6 or 2 + 5: the 7 stays shown.
    "one-row-small-total-shown": ([[1, 6]], ["<5 x 7", "<5 x 7"]),
    # Fewer than 5 in the whole table: withheld.
    "small-table-withheld": ([[2, 2]], ["x x x", "x x x"]),
    "small-table-with-zeros-withheld": ([[0, 4], [0, 0]], ["x x x", "x x x", "x x x"]),
}


def _rows(table: list[list[Cell]]) -> list[str]:
    return [" ".join(c.display.replace(" ", "") for c in row) for row in table]


@pytest.mark.parametrize(("values", "published"), EXACT.values(), ids=EXACT.keys())
def test_exact_publication_hides_only_what_it_must(
    values: list[list[int]], published: list[str]
) -> None:
    table = suppress(values)
    assert _rows(table) == published
    truth = grid_with_totals(values)
    for i, row in enumerate(table):
        for j, cell in enumerate(row):
            assert cell.value == (None if cell.suppressed else truth[i][j])
            expected_status = (
                CellStatus.SMALL
                if cell.display == "< 5"
                else CellStatus.HIDDEN
                if cell.display == "x"
                else CellStatus.SHOWN
            )
            assert cell.status is expected_status


def test_a_figure_published_elsewhere_stays_shown_and_the_complement_moves() -> None:
    # Alone, the 3's row gives up its 40 (the smallest other cell).
    assert _rows(suppress([[3, 40, 50]])) == ["<5 x 50 93", "<5 x 50 93"]
    # When another table publishes that 40, the 50 is hidden instead.
    shown_elsewhere = frozenset({(0, 1), (1, 1)})
    assert _rows(suppress([[3, 40, 50]], fixed_shown=shown_elsewhere)) == [
        "<5 40 x 93",
        "<5 40 x 93",
    ]


def test_a_figure_hidden_elsewhere_is_hidden_and_protected_here() -> None:
    # Row 0's total is hidden in another table: here it is hidden too, and its row and column
    # each lose one more cell so it cannot be recomputed; nothing else is hidden.
    table = suppress([[10, 20], [30, 40]], fixed_hidden=frozenset({(0, 2)}))
    assert _rows(table) == ["x 20 x", "x 40 x", "40 60 100"]
    assert table[0][2].status is CellStatus.HIDDEN


def test_protection_blocked_by_figures_shown_elsewhere_names_them() -> None:
    # The 3 can only be protected by hiding the 10 or the 13, which another table shows.
    fixed = frozenset({(0, 1), (1, 1), (0, 2), (1, 2)})
    with pytest.raises(SuppressionBlocked, match=r"needs hiding \[\(0, 1\), \(0, 2\)\]") as blocked:
        suppress([[3, 10]], fixed_shown=fixed)
    assert blocked.value.positions == frozenset({(0, 1), (0, 2)})


def test_a_complement_is_never_left_alone_beside_a_figure_published_elsewhere() -> None:
    # Row 1's total (8) is published by another table and its other cell is 0: hiding the 8
    # below the 3 would leave it alone in that row (8 - 0), so the column total goes instead.
    table = suppress([[3, 0], [8, 0]], fixed_shown=frozenset({(1, 2)}))
    assert _rows(table) == ["<5 0 <5", "8 0 8", "x 0 x"]
    # The same across: column 1's total is published elsewhere, so the 3's row hides its total.
    table = suppress([[3, 8], [0, 0]], fixed_shown=frozenset({(2, 1)}))
    assert _rows(table) == ["<5 8 x", "0 0 0", "<5 8 x"]


def test_between_equal_figures_an_inner_cell_is_hidden_before_a_total() -> None:
    # Row 0's total and the inner cell (1, 1) are both 4: the inner cell goes (totals are what
    # readers compare across tables).
    grid = grid_with_totals([[4, 0], [0, 4]])
    assert _smallest_visible(grid, [(0, 2), (1, 1)], set()) == (1, 1)
    assert _smallest_visible(grid, [(2, 2), (0, 2)], set()) == (0, 2)


def test_the_audit_reads_under_five_as_at_most_four() -> None:
    # Two "< 5" cells whose line leaves 8 for them: both are 4.
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1)}
    grid = grid_with_totals([[4, 4, 9], [4, 4, 9]])
    assert cells_derivable(grid, hidden, primary=hidden) == hidden


def test_the_audit_moves_a_total_with_its_cells() -> None:
    """A hidden total goes up when one of its cells does: with the row total and the column
    total of a "< 5" cell hidden too, the 1 could be 1 to 4 (the grand total hides it)."""
    grid = grid_with_totals([[1, 0], [10, 12]])  # 1 0 | 1 / 10 12 | 22 / 11 12 | 23
    primary = {(0, 0), (0, 2)}
    assert cells_derivable(grid, primary | {(2, 0), (2, 2)}, primary=primary) == set()
    # With the grand total shown, 23 - 22 gives the 1 away, and with it its row and column.
    assert cells_derivable(grid, primary | {(2, 0)}, primary=primary) == primary | {(2, 0)}


def test_lines_are_checked_again_after_each_pass() -> None:
    # Hiding the 6 below the 1 leaves row 1 with one hidden cell (12 is published elsewhere):
    # a second pass over the lines hides its other 6 (and the column total's), so the 7 stays.
    table = suppress([[0, 1], [6, 6]], fixed_shown=frozenset({(1, 2)}))
    assert _rows(table) == ["0 <5 <5", "x x 12", "x 7 x"]


def test_when_nothing_else_can_be_hidden_the_shared_figures_are_named() -> None:
    # One row whose column totals (6 and 7) another table publishes: the 1 is 7 - 6 whatever
    # is hidden here, so both shared figures must be hidden everywhere.
    with pytest.raises(SuppressionBlocked) as blocked:
        suppress([[1, 6]], fixed_shown=frozenset({(1, 1), (1, 2)}))
    assert blocked.value.positions == frozenset({(1, 1), (1, 2)})
    # Row 0's total (7) and column 1's total (6) are published elsewhere: a complement is
    # never taken from them, and the figure beside the pinned 1 is named.
    with pytest.raises(SuppressionBlocked) as blocked:
        suppress([[1, 6]], fixed_shown=frozenset({(0, 2), (1, 1)}))
    assert blocked.value.positions == frozenset({(0, 2)})
    # A shared zero is never named: hiding it protects nothing.
    with pytest.raises(SuppressionBlocked) as blocked:
        suppress([[0, 1, 6]], fixed_shown=frozenset({(1, 0), (1, 2), (1, 3)}))
    assert blocked.value.positions == frozenset({(1, 2), (1, 3)})


def test_withhold_hides_every_cell_even_of_a_large_table() -> None:
    assert _rows(suppress([[10, 20], [30, 40]], withhold=True)) == ["x x x"] * 3


def test_a_small_cell_cannot_be_fixed_as_shown() -> None:
    with pytest.raises(ValueError) as refused:
        suppress([[3, 10]], fixed_shown=frozenset({(0, 0)}))
    assert str(refused.value) == "A cell under 5 cannot be fixed as shown."


def test_cell_symbols() -> None:
    assert Cell(7, CellStatus.SHOWN).display == "7"
    assert Cell(None, CellStatus.SMALL).display == "< 5"
    assert Cell(None, CellStatus.HIDDEN).display == "x"
    assert not Cell(0, CellStatus.SHOWN).suppressed
    assert Cell(None, CellStatus.SMALL).suppressed and Cell(None, CellStatus.HIDDEN).suppressed


def test_totals_are_appended() -> None:
    assert grid_with_totals([[1, 2], [3, 4]]) == [[1, 2, 3], [3, 4, 7], [4, 6, 10]]


counts = st.integers(min_value=0, max_value=12) | st.sampled_from([0, 1, 2, 3, 4])


@st.composite
def small_tables(draw: st.DrawFn) -> list[list[int]]:
    rows = draw(st.integers(min_value=1, max_value=3))
    cols = draw(st.integers(min_value=1, max_value=3))
    return [[draw(counts) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=_examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=_examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables().filter(lambda t: len(t) * len(t[0]) <= 4))
def test_no_table_agreeing_with_the_publication_pins_a_hidden_cell(values: list[list[int]]) -> None:
    table = suppress(values)
    cap = sum(map(sum, values)) + 8
    possibilities = enumeration_attack(table, cap=cap)
    truth = grid_with_totals(values)
    for (i, j), seen in possibilities.items():
        assert truth[i][j] in seen
        assert len(seen) >= 2, f"cell {(i, j)} of {values} is derivable: {_published(table)}"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([], "A table needs at least one row and one column."),
        ([[]], "A table needs at least one row and one column."),
        ([[1, 2], [3]], "Every row of a table needs the same number of columns."),
        ([[-1]], "Counts cannot be negative."),
    ],
)
def test_malformed_tables_are_refused(bad: list[list[int]], message: str) -> None:
    with pytest.raises(ValueError) as refused:
        suppress(bad)
    assert str(refused.value) == message


@settings(max_examples=_examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=_examples(200), deadline=None)
@given(small_tables())
def test_what_needs_no_hiding_is_published(values: list[list[int]]) -> None:
    """Over-suppression shows here: a table without a cell of 1 to 4 is published whole, a zero
    is only hidden when the whole table is withheld, and only a total of 1 to 4 withholds it."""
    table = suppress(values)
    truth = grid_with_totals(values)
    withheld = 0 < truth[-1][-1] < 5
    if not any(0 < v < 5 for row in truth for v in row):
        assert all(not c.suppressed for row in table for c in row)
    for i, row in enumerate(table):
        for j, cell in enumerate(row):
            if withheld:
                assert cell.status is CellStatus.HIDDEN
            elif truth[i][j] == 0:
                assert cell.status is CellStatus.SHOWN and cell.value == 0
    hidden_any = any(c.status is CellStatus.HIDDEN for row in table for c in row)
    small_any = any(c.status is CellStatus.SMALL for row in table for c in row)
    # Complements exist only to protect a small cell.
    assert not hidden_any or small_any or withheld
