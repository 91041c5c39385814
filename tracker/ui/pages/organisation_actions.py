"""What the Organisation page's actions do: add, edit, deactivate and reactivate people; add,
edit and delete teams; show a record's history.

Kept apart from the page's layout and refreshing (organisation_page.py): each function takes
the page, reads what is selected there, asks before anything destructive, and writes through
the store. The page refreshes itself from the store's change announcement afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from tracker.domain.models import Person
from tracker.store.errors import DatabaseEngineError, WorkspaceError
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.person_dialog import PersonDialog
from tracker.ui.dialogs.team_dialog import TeamDialog
from tracker.ui.widgets.record_history import show_record_history

if TYPE_CHECKING:
    from tracker.ui.pages.organisation_page import OrganisationPage


MAX_NAMED = 5  # names listed in a question about several people; the rest are counted


def _names(people: list[Person]) -> str:
    names = [p.name for p in people[:MAX_NAMED]]
    rest = len(people) - len(names)
    if rest:
        return f"{', '.join(names)} and {rest} other{'s' if rest > 1 else ''}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# -------------------------------------------------------------- people
def new_person(page: OrganisationPage) -> None:
    if page.act_new_person.isEnabled():
        dialog = PersonDialog(page.context, page.tree_model.teams(), page._people,
                              team_id=page._chosen_team_id(), parent=page)
        if dialog.exec():
            page.view.select_where(lambda p: p.id == dialog.person_id)


def edit_person(page: OrganisationPage) -> None:
    chosen = page.view.selected_records()
    if page.act_edit_person.isEnabled() and len(chosen) == 1:
        PersonDialog(page.context, page.tree_model.teams(), page._people, person=chosen[0],
                     parent=page).exec()


def deactivate(page: OrganisationPage) -> None:
    people = [p for p in page.view.selected_records() if p.active]
    if not people or not page.act_deactivate.isEnabled():
        return
    one = len(people) == 1
    text = f"Deactivate {people[0].name}?" if one else f"Deactivate {len(people)} people?"
    detail = ("" if one else f"{_names(people)}.\n\n") + "Their history is kept; they can be reactivated."
    if confirm_action.ask(page, "Deactivate people", text, "Deactivate", detail):
        _write(page, "Deactivate people", lambda ws: ws.people.set_active([p.id for p in people], False))


def reactivate(page: OrganisationPage) -> None:
    people = [p for p in page.view.selected_records() if not p.active]
    if people and page.act_reactivate.isEnabled():
        _write(page, "Reactivate people", lambda ws: ws.people.set_active([p.id for p in people], True))


def person_history(page: OrganisationPage) -> None:
    chosen = page.view.selected_records()
    if len(chosen) == 1:
        show_record_history(page, page.context, "people", chosen[0].id, f"History of {chosen[0].name}")

# -------------------------------------------------------------- teams
def new_team(page: OrganisationPage) -> None:
    if page.act_new_team.isEnabled():
        TeamDialog(page.context, page.tree_model.teams(), page._people,
                   parent_id=page._chosen_team_id(), parent=page).exec()


def edit_team(page: OrganisationPage) -> None:
    team = page.tree_model.team(page._chosen_team_id())
    if team is not None and page.act_edit_team.isEnabled():
        TeamDialog(page.context, page.tree_model.teams(), page._people, team=team, parent=page).exec()


def delete_team(page: OrganisationPage) -> None:
    """Asks first; only an empty team can go (the store says why otherwise)."""
    team = page.tree_model.team(page._chosen_team_id())
    if team is None or not page.act_delete_team.isEnabled():
        return
    if confirm_action.ask(page, "Delete team", f"Delete the team '{team.name}'?", "Delete",
                          "Only a team without people or sub-teams can go. Edit → Undo brings it back."):
        _write(page, "Delete team", lambda ws: ws.teams.delete(team.id))


def team_history(page: OrganisationPage) -> None:
    team = page.tree_model.team(page._chosen_team_id())
    if team is not None:
        show_record_history(page, page.context, "teams", team.id, f"History of {team.name}")


def _write(page: OrganisationPage, title: str, write) -> None:
    """Run one store write; show what it refused. The refresh follows the store's signal."""
    try:
        write(page.context.workspace)
    except (WorkspaceError, DatabaseEngineError) as e:
        QMessageBox.warning(page, title, str(e))
