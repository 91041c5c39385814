"""The team hierarchy as a tree, built from the flat team list the store returns.

The store's `Team` carries `parent_id` and the headcount of active people directly in the team;
this model arranges the list into a tree under one "All teams" entry (selecting it clears the
team filter), adds up headcounts over sub-teams, and answers "which teams are below this one"
from the same list, so selecting a team never costs a query. A few thousand teams make a few
thousand items: a QStandardItemModel is fast enough and keeps the code short.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from tracker.domain.models import Team

TEAM_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int team id; None on the "All teams" entry
TEAM_COL, LEAD_COL, PEOPLE_COL = range(3)
HEADERS = ("Team", "Lead", "People")
ALL_TEAMS = "All teams"


def people_text(direct: int, total: int, has_subteams: bool) -> str:
    """'12', or '12 (48 incl. sub-teams)' when sub-teams add people."""
    return f"{direct} ({total} incl. sub-teams)" if has_subteams and total != direct else str(direct)


class TeamTreeModel(QStandardItemModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setHorizontalHeaderLabels(HEADERS)
        self._children: dict[int | None, list[Team]] = {}
        self._teams: dict[int, Team] = {}
        self._items: dict[int, QStandardItem] = {}
        self._totals: dict[int, int] = {}

    # -------------------------------------------------------------- building
    def set_teams(self, teams: Iterable[Team], all_people: int) -> None:
        """Rebuild the tree. `all_people` is the number of active people in the workspace,
        shown on "All teams" (it includes people who are in no team)."""
        teams = list(teams)
        self._teams = {t.id: t for t in teams}
        self._children = {}
        for team in teams:  # keeps the store's order (by name) among siblings
            parent = team.parent_id if team.parent_id in self._teams else None
            self._children.setdefault(parent, []).append(team)
        self._totals = self._add_up()
        self._items = {}

        # removeRows, not clear(): clear() also drops the columns and with them the view's
        # column sizes and resize modes.
        self.removeRows(0, self.rowCount())
        root = self._row(None, ALL_TEAMS, "", str(all_people),
                         f"{all_people} active people in the workspace")
        font = QFont(root[0].font())
        font.setBold(True)
        root[0].setFont(font)
        # Built while detached (no signal per item), then attached with one rowsInserted.
        self._append_children(root[0], None)
        self._append_orphans(root[0])
        self.appendRow(root)

    def _add_up(self) -> dict[int, int]:
        """Active people per team including all its sub-teams (iterative: no recursion limit)."""
        totals: dict[int, int] = {}
        order: list[int] = []
        stack = [t.id for t in self._children.get(None, [])]
        seen: set[int] = set()
        while stack:
            tid = stack.pop()
            if tid in seen:
                continue
            seen.add(tid)
            order.append(tid)
            stack.extend(c.id for c in self._children.get(tid, []))
        for tid in reversed(order):  # children before their parents
            totals[tid] = self._teams[tid].headcount + sum(
                totals.get(c.id, 0) for c in self._children.get(tid, [])
            )
        return totals

    def _row(self, team_id: int | None, name: str, lead: str, people: str, tip: str) -> list[QStandardItem]:
        items = [QStandardItem(name), QStandardItem(lead), QStandardItem(people)]
        for item in items:  # not editable: see flags()
            item.setData(team_id, TEAM_ID_ROLE)
            item.setToolTip(tip)
        items[PEOPLE_COL].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return items

    def _team_row(self, team: Team) -> list[QStandardItem]:
        total = self._totals.get(team.id, team.headcount)
        has_sub = bool(self._children.get(team.id))
        tip = f"{team.headcount} active people directly in {team.name}"
        if has_sub:
            tip += f"; {total} including its sub-teams"
        row = self._row(team.id, team.name, team.lead_name,
                        people_text(team.headcount, total, has_sub), tip)
        self._items[team.id] = row[0]
        return row

    def _append_children(self, parent_item: QStandardItem, parent_id: int | None) -> None:
        stack = [(parent_item, parent_id)]
        while stack:
            item, tid = stack.pop()
            for child in self._children.get(tid, []):
                if child.id in self._items:
                    continue  # a loop in the data: show each team once
                row = self._team_row(child)
                item.appendRow(row)
                stack.append((row[0], child.id))

    def _append_orphans(self, root: QStandardItem) -> None:
        """Teams in a parent loop are unreachable from the top; list them at the top level
        rather than hide them (the store prevents loops, but an old file might hold one)."""
        for team in self._teams.values():
            if team.id not in self._items:
                row = self._team_row(team)
                root.appendRow(row)
                self._append_children(row[0], team.id)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        """Read-only items, said once here rather than by a setEditable call on each of the
        6,000 items of 2,000 teams (60 ms of every rebuild)."""
        return super().flags(index) & ~Qt.ItemFlag.ItemIsEditable

    # -------------------------------------------------------------- questions
    def team_id(self, index: QModelIndex) -> int | None:
        return index.siblingAtColumn(TEAM_COL).data(TEAM_ID_ROLE) if index.isValid() else None

    def team(self, team_id: int | None) -> Team | None:
        return self._teams.get(team_id) if team_id is not None else None

    def teams(self) -> list[Team]:
        return list(self._teams.values())

    def index_of(self, team_id: int | None) -> QModelIndex:
        """The Team-column index of a team; the "All teams" entry for None or an unknown id."""
        item = self._items.get(team_id) if team_id is not None else None
        return item.index() if item is not None else self.index(0, TEAM_COL)

    def subtree_ids(self, team_id: int) -> set[int]:
        """The team and every team below it, from the list this model was built from."""
        found, stack = set(), [team_id]
        while stack:
            tid = stack.pop()
            if tid in found:
                continue
            found.add(tid)
            stack.extend(c.id for c in self._children.get(tid, []))
        return found

    def total(self, team_id: int) -> int:
        return self._totals.get(team_id, 0)
