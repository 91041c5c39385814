"""The AI-tool usage layouts: which header row is which report, and the column-wise conversion
(to_columns) giving exactly what the row-wise one (to_fields) gives."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.importing import normalise_header
from tracker.domain.layouts import LAYOUTS, recognise, to_columns, to_fields
from tracker.domain.layouts.usage import CONCEALED, concealed_names

GRAPH_V1 = ["Report Refresh Date", "User Principal Name", "Display Name", "Last Activity Date",
            "Copilot Chat Last Activity Date", "Microsoft Teams Copilot Last Activity Date",
            "Word Copilot Last Activity Date", "Excel Copilot Last Activity Date",
            "PowerPoint Copilot Last Activity Date", "Outlook Copilot Last Activity Date",
            "OneNote Copilot Last Activity Date", "Loop Copilot Last Activity Date", "Report Period"]
GRAPH_V2 = GRAPH_V1 + ["Prompts submitted for all apps", "Active Usage Days for all apps",
                       "Copilot Chat (work) Last Activity Date", "Copilot Chat (web) Last Activity Date",
                       "Microsoft 365 Copilot Last Activity Date", "Edge Last Activity Date",
                       "Copilot Agent Last Activity Date"]
ADMIN_V1 = ["User name", "Display name", "Last activity date (UTC)", "Last activity date of Teams Copilot (UTC)",
            "Last activity date of Word Copilot (UTC)", "Last activity date of Copilot Chat (UTC)"]
ADMIN_V2 = ADMIN_V1 + ["Prompts submitted (any app)", "Active Days",
                       "Last activity date of Copilot Chat (work) (UTC)", "Last activity date of Microsoft Edge (UTC)"]
GITHUB = ["report_time", "login", "last_authenticated_at", "last_activity_at", "last_surface_used"]
CHATGPT = ["cadence", "period_start", "period_end", "account_id", "public_id", "name", "email", "user_status",
           "is_active", "first_day_active_in_period", "last_day_active_in_period", "messages", "last_day_active"]


@pytest.mark.parametrize("header, key", [
    (GRAPH_V1, "m365_copilot_graph_v1"), (GRAPH_V2, "m365_copilot_graph_v2"),
    (list(reversed(GRAPH_V2)), "m365_copilot_graph_v2"),
    (ADMIN_V1, "m365_copilot_admin_v1"), (ADMIN_V2, "m365_copilot_admin_v2"),
    (GITHUB, "github_copilot_activity"), ([h.replace("_", " ").title() for h in GITHUB], "github_copilot_activity"),
    (CHATGPT, "chatgpt_enterprise_users"),
])
def test_each_report_is_recognised_in_any_order_and_spelling(header, key):
    found = recognise(header, LAYOUTS, kind="usage")
    assert found is not None and found.layout.key == key and found.missing() == []


def test_other_microsoft_365_reports_are_not_taken_for_copilot():
    teams_activity = ["Report Refresh Date", "User Principal Name", "Last Activity Date", "Team Chat Message Count",
                      "Report Period"]
    assert recognise(teams_activity, LAYOUTS, kind="usage") is None


def test_every_per_app_date_is_a_field_of_its_own():
    found = recognise(GRAPH_V2, LAYOUTS, kind="usage")
    days = [c for f, c in found.column_of.items() if f == "used_on" or f.startswith("also_used_on_")]
    assert len(days) == 14 and len(set(days)) == 14
    assert found.column_of["used_on"] == "last_activity_date"
    assert found.layout.account_system == "upn"


def _rows(header, *lines):
    keys = [normalise_header(h) for h in header]
    return [(n, dict(zip(keys, line))) for n, line in enumerate(lines, start=2)]


def _by_column(rows):
    return {key: [values[key] for _, values in rows] for key in rows[0][1]}


def test_columns_convert_as_rows_do_us_dates_none_and_workbook_cells():
    found = recognise(ADMIN_V1, LAYOUTS, kind="usage")
    rows = _rows(ADMIN_V1, ["ann@x.test", "Ann", "05/06/2026", "05/04/2026", "", dt.datetime(2026, 5, 1, 9, 0)],
                 ["bob@x.test", "Bob", "", "", "", ""])
    by_row = to_fields(found, rows)
    by_column = to_columns(found, [n for n, _ in rows], _by_column(rows))
    assert by_row.errors == by_column.errors == []
    assert [v for _, v in by_row.rows] == list(by_column.rows())
    first = list(by_column.rows())[0]
    assert first["used_on"] == dt.date(2026, 5, 6)  # the admin centre writes US dates: 6 May
    assert first["also_used_on_1"] == dt.date(2026, 5, 1)  # Copilot Chat, a workbook datetime

    github = recognise(GITHUB, LAYOUTS, kind="usage")
    rows = _rows(GITHUB, ["2026-03-15T06:00:00Z", "octo", "", "None", "None"],
                 ["2026-03-15T06:00:00Z", "cat", "", "2026-03-13T23:59:59Z", "vscode"])
    columns = to_columns(github, [2, 3], _by_column(rows)).columns
    assert columns["used_on"] == ["", dt.date(2026, 3, 13)]


def test_dates_kept_as_text_give_each_distinct_text_its_value_once():
    found = recognise(GITHUB, LAYOUTS, kind="usage")
    rows = _rows(GITHUB, ["2026-03-15T06:00:00Z", "octo", "", "None", "None"],
                 ["2026-03-15T06:00:00Z", "cat", "", "2026-03-13T23:59:59Z", "vscode"],
                 ["2026-03-15T06:00:00Z", "dog", "", "2026-03-13T23:59:59Z", "vscode"])
    cells = _by_column(rows)
    converted = to_columns(found, [2, 3, 4], cells)
    kept = to_columns(found, [2, 3, 4], cells, text_only=True, keep_text=("used_on",))
    assert kept.columns["used_on"] == ["None", "2026-03-13T23:59:59Z", "2026-03-13T23:59:59Z"]  # the texts as read
    assert kept.distinct["used_on"] == {"None": "", "2026-03-13T23:59:59Z": dt.date(2026, 3, 13)}
    assert "report_date" not in kept.distinct  # only the fields asked for
    assert list(kept.rows()) == list(converted.rows())  # a layout's check still sees the values
    assert kept.errors == converted.errors == []


def test_an_unreadable_date_names_its_row_and_column():
    found = recognise(GITHUB, LAYOUTS, kind="usage")
    rows = _rows(GITHUB, ["2026-03-15T06:00:00Z", "a", "", "yesterday", ""])
    result = to_columns(found, [2], _by_column(rows))
    assert result.bad == {0} and str(result.errors[0]).startswith("row 2: last_activity_at:")


def test_concealed_names_are_refused_and_real_ones_pass():
    hidden = [{"account": "E58EEF6A6BBD3D0293CB306D24A42057"}, {"account": "6a4630397aaa1a9c8eed362168dc88a0"}]
    assert concealed_names(hidden) == CONCEALED
    assert "Display concealed user, group, and site names in all reports" in CONCEALED
    assert concealed_names([{"account": "ann@example.com"}, *hidden[:1]]) is None  # a stray code is a name
    assert concealed_names([{"account": ""}]) is None
