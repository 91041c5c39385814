"""The window fits a laptop: every page, area tab and dialog of the sample workspace at 1280×720
(100%) and at 1600×1000 with 150% scaling (1067×667 in Qt's device-independent pixels, which is
what layouts see), with every button and tab on screen or reachable by scrolling, and the
window's minimum width never above 1000 px whatever was opened before.

The 150% case is the same window at its logical size: QT_SCALE_FACTOR multiplies every pixel
after layout, so a layout that fits 1067×667 fits 1600×1000 at 150%.

    FITS_WORKSPACE=benchmarks/out/full-….tracker pytest tests/gui/test_window_fits.py
checks the big benchmark workspace the same way (by hand: it takes minutes to generate).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget
from reachability import unreachable_controls
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.demo import write_demo_workspace

pytestmark = [pytest.mark.gui, pytest.mark.slow]

SIZES = {"1280x720 at 100%": (1280, 720), "1600x1000 at 150%": (1067, 667)}
MAX_MINIMUM_WIDTH = 1000
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    """The sample; FITS_WORKSPACE=PATH checks another (a copy of it), e.g. the big benchmark
    workspace, which takes too long to generate in the suite."""
    other = os.environ.get("FITS_WORKSPACE")
    if other:
        copy = tmp_path_factory.mktemp("fits") / Path(other).name
        shutil.copyfile(other, copy)
        return copy
    return write_demo_workspace(tmp_path_factory.mktemp("fits") / "sample.tracker")


def _settle(qtbot, ms: int = 30) -> None:
    QApplication.processEvents()
    qtbot.wait(ms)


def _check(window, size, where: str, problems: list[str]) -> None:
    hint = window.minimumSizeHint()
    if hint.width() > MAX_MINIMUM_WIDTH:
        problems.append(f"{where}: minimum width {hint.width()} px")
    if window.width() > size[0] or window.height() > size[1]:
        problems.append(f"{where}: the window grew to {window.width()}×{window.height()}")
    problems.extend(f"{where}: {p}" for p in unreachable_controls(window))


def _visit_tabs(tabs: QTabWidget, window, size, where: str, problems: list[str], qtbot) -> None:
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        _settle(qtbot)
        here = f"{where} › {tabs.tabText(index)}"
        _check(window, size, here, problems)
        page = tabs.widget(index)
        for inner in page.findChildren(QTabWidget):
            if inner.isVisibleTo(window):
                for sub in range(inner.count()):
                    inner.setCurrentIndex(sub)
                    _settle(qtbot)
                    _check(window, size, f"{here} › {inner.tabText(sub)}", problems)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_every_page_and_tab_fits_and_every_control_is_reachable(window, sample_path, qtbot, size, messages):
    assert window.files.open_path(sample_path)
    window.resize(*size)
    _settle(qtbot, 100)
    problems: list[str] = []
    qtbot.waitUntil(lambda: not window.dashboard_page.computing, timeout=30_000)
    _check(window, size, "Dashboard", problems)
    window.show_organisation()
    _settle(qtbot)
    _check(window, size, "Organisation", problems)
    for tabs in window.organisation_page.findChildren(QTabWidget):
        _visit_tabs(tabs, window, size, "Organisation", problems, qtbot)
    rollouts = window.context.workspace.rollouts.list()
    # The longest name first (the header wraps it), then another: pages built for one show the next.
    for rollout in sorted(rollouts, key=lambda r: -len(r.name))[:2]:
        window.context.rollout_selected.emit(rollout.id)
        _settle(qtbot, 100)
        _visit_tabs(window.rollout_page.tabs, window, size, rollout.name, problems, qtbot)
    window.show_dashboard()
    _settle(qtbot)
    _check(window, size, "Dashboard after every page", problems)
    assert not problems, "\n".join(problems)
    assert window.minimumSizeHint().width() <= MAX_MINIMUM_WIDTH


def test_the_navigator_shows_whole_names_and_remembers_its_width(window, sample_path, qtbot, messages):
    from tracker.ui import settings
    from tracker.ui.main_window import SPLITTER_KEY

    assert window.files.open_path(sample_path)
    window.resize(1280, 720)
    _settle(qtbot, 100)
    tree = window.navigator.tree
    rollouts = window.context.workspace.rollouts.list()
    metrics = tree.fontMetrics()
    for rollout in rollouts:
        item = window.navigator._item_for(rollout.id)
        assert rollout.name in item.toolTip(0)
        # The name, its indentation under "Rollouts" and the item's padding and text margins.
        assert metrics.horizontalAdvance(rollout.name) + tree.indentation() + 8 <= tree.columnWidth(0), rollout.name
    window.splitter.moveSplitter(320, 1)
    _settle(qtbot)
    saved = settings.splitter_state(SPLITTER_KEY)
    assert saved is not None and window.splitter.sizes()[0] == pytest.approx(320, abs=8)
    window.resize(1600, 900)  # the user's width is kept, no longer fitted to the names
    _settle(qtbot)
    assert window.splitter.sizes()[0] == pytest.approx(320, abs=8) and settings.navigator_width_chosen()


def test_the_reachability_check_tells_cut_off_from_scrollable(qtbot):
    from PySide6.QtWidgets import QPushButton, QWidget

    from tracker.ui.widgets.scroll_page import ScrollPage

    outer = QWidget()
    qtbot.addWidget(outer)
    outer.resize(300, 200)
    cut_off = QPushButton("Delete rollout…", outer)
    cut_off.setGeometry(280, 10, 100, 30)  # half outside: Qt draws nothing past the edge
    inner = QWidget()
    inner.setMinimumSize(600, 400)
    scrolled = QPushButton("KPIs", inner)
    scrolled.setGeometry(500, 350, 80, 30)
    page = ScrollPage(inner, outer)
    page.setGeometry(0, 50, 300, 150)
    outer.show()
    assert unreachable_controls(outer) == ["QPushButton 'Delete rollout…' in QWidget"]
    cut_off.setGeometry(180, 10, 100, 30)
    assert unreachable_controls(outer) == []


# ------------------------------------------------------------------ dialogs
def _dialogs(ctx, rollout_id):
    """Every dialog the sample's pages open, built as they build it."""
    from tracker.ui.dialogs.add_teams_dialog import AddTeamsDialog
    from tracker.ui.dialogs.adkar_dialog import AdkarDialog
    from tracker.ui.dialogs.assign_role_dialog import AssignRoleDialog
    from tracker.ui.dialogs.data_import_dialog import DataImportDialog
    from tracker.ui.dialogs.decision_dialog import DecisionDialog
    from tracker.ui.dialogs.definitions_dialog import DefinitionsDialog
    from tracker.ui.dialogs.dependency_dialog import DependencyDialog
    from tracker.ui.dialogs.enrol_dialog import EnrolDialog
    from tracker.ui.dialogs.gate_item_dialog import GateItemDialog
    from tracker.ui.dialogs.gate_template_dialog import GateTemplateDialog
    from tracker.ui.dialogs.group_size_dialog import GroupSizeDialog
    from tracker.ui.dialogs.history_dialog import HistoryDialog
    from tracker.ui.dialogs.import_preview_dialog import ImportPreviewDialog
    from tracker.ui.dialogs.kpi_dialog import KpiDialog
    from tracker.ui.dialogs.kpi_import_dialog import KpiImportDialog
    from tracker.ui.dialogs.kpi_reading_dialog import KpiReadingDialog
    from tracker.ui.dialogs.mark_completion_dialog import MarkCompletionDialog
    from tracker.ui.dialogs.module_dialog import ModuleDialog
    from tracker.ui.dialogs.new_rollout_dialog import NewRolloutDialog
    from tracker.ui.dialogs.person_dialog import PersonDialog
    from tracker.ui.dialogs.promote_dialog import PromoteDialog
    from tracker.ui.dialogs.role_types_dialog import RoleTypesDialog
    from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog
    from tracker.ui.dialogs.session_dialog import SessionDialog
    from tracker.ui.dialogs.signal_dialog import SignalDialog
    from tracker.ui.dialogs.stakeholder_dialog import StakeholderDialog
    from tracker.ui.dialogs.team_dialog import TeamDialog
    from tracker.ui.dialogs.team_figure_dialog import TeamFigureDialog
    from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog
    from tracker.ui.pages.adoption_page import usage_kind

    ws = ctx.workspace
    teams, people = ws.teams.list(), ws.people.list()
    rollout_ids = [rollout_id] + [r.id for r in ws.rollouts.list() if r.id != rollout_id]

    def first(records):  # (rollout, its records): the rollout asked for, else the first that has some
        return next(((rid, found) for rid in rollout_ids if (found := records(rid))), (rollout_id, []))

    module_rollout, modules = first(ws.training.modules)
    session_rollout, sessions = first(ws.training.sessions.list)
    _kpi_rollout, kpis = first(ws.delivery.kpis.list)
    dialogs = {
        "add teams": lambda: AddTeamsDialog(ctx, rollout_id),
        "ADKAR assessment": lambda: AdkarDialog(ctx, rollout_id, teams, as_of=TODAY),
        "assign role": lambda: AssignRoleDialog(ctx, rollout_id),
        "import data": lambda: DataImportDialog(ctx),
        "decision": lambda: DecisionDialog(ctx, rollout_id, today=TODAY),
        "definitions": lambda: DefinitionsDialog(5),
        "dependency": lambda: DependencyDialog(ctx, rollout_id, people, teams),
        "enrol": lambda: EnrolDialog(ctx, session_rollout, sessions[0]),
        "gate item": lambda: GateItemDialog(ctx, rollout_id, people),
        "gate template": lambda: GateTemplateDialog(ctx),
        "group size": lambda: GroupSizeDialog(ctx),
        "history": lambda: HistoryDialog(ctx),
        "import usage": lambda: ImportPreviewDialog(ctx, usage_kind()),
        "KPI": lambda: KpiDialog(ctx, rollout_id),
        "import KPIs": lambda: KpiImportDialog(ctx, rollout_id),
        "KPI reading": lambda: KpiReadingDialog(ctx, kpis[0], today=TODAY),
        "mark completed": lambda: MarkCompletionDialog(ctx, [(modules[0].id, people[0].id)], "1 assignment",
                                                       versions={(modules[0].id, people[0].id): 0}),
        "module": lambda: ModuleDialog(ctx, module_rollout, modules[0]),
        "new rollout": lambda: NewRolloutDialog(ctx),
        "person": lambda: PersonDialog(ctx, teams, people, people[0]),
        "change stage": lambda: PromoteDialog(ctx, rollout_id, today=TODAY),
        "role types": lambda: RoleTypesDialog(ctx),
        "import roster": lambda: RosterImportDialog(ctx),
        "session": lambda: SessionDialog(ctx, ws.training.modules(session_rollout), sessions[0]),
        "resistance signal": lambda: SignalDialog(ctx, rollout_id, people, teams, as_of=TODAY),
        "stakeholder": lambda: StakeholderDialog(ctx, rollout_id, people, teams, as_of=TODAY),
        "team": lambda: TeamDialog(ctx, teams, people, teams[0]),
        "team figure": lambda: TeamFigureDialog(ctx, rollout_id, today=TODAY),
        "import training": lambda: TrainingImportDialog(ctx, rollout_id),
    }
    # A workspace without sessions, modules or KPIs (the big benchmark one has no sessions)
    # cannot open the dialogs that edit one.
    needs = {"enrol": sessions, "session": sessions, "module": modules, "mark completed": modules,
             "KPI reading": kpis}
    return {name: make for name, make in dialogs.items() if needs.get(name, True)}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_every_dialog_fits_the_screen_with_its_buttons_reachable(window, sample_path, qtbot, size, messages):
    assert window.files.open_path(sample_path)
    ctx = window.context
    rollout_id = max(ctx.workspace.rollouts.list(), key=lambda r: len(ctx.workspace.training.modules(r.id))).id
    problems = []
    dialogs = _dialogs(ctx, rollout_id)
    if not os.environ.get("FITS_WORKSPACE"):
        assert len(dialogs) == 29  # the sample has what every dialog needs
    for name, make in dialogs.items():
        dialog: QDialog = make()
        qtbot.addWidget(dialog)
        hint = dialog.minimumSizeHint()
        if hint.width() > size[0] or hint.height() > size[1]:
            problems.append(f"{name}: needs at least {hint.width()}×{hint.height()}")
        want = dialog.sizeHint()
        dialog.resize(min(max(want.width(), dialog.width()), size[0]), min(max(want.height(), dialog.height()), size[1]))
        dialog.show()
        _settle(qtbot, 10)
        problems.extend(f"{name}: {p}" for p in unreachable_controls(dialog))
        dialog.close()
    assert not problems, "\n".join(problems)
