"""AI-tool usage layouts: the per-user activity reports of Microsoft 365 Copilot, GitHub Copilot
and ChatGPT Enterprise, as their documentation gives the headers (see docs/imports.md).

All three are *snapshots*: one row per licensed user saying on which day they were last active
(overall, per app, or first and last in the report's period), not one row per use. Every such
date is a day the person used the tool, so each becomes one use on that day; a blank cell (or
"None") is no activity and becomes nothing. None of them has a rollout column: the rollout is
chosen when importing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from tracker.domain.importing import normalise_header
from tracker.domain.layouts.base import ALSO_USED_ON, Layout


def _spellings(*headers: str) -> tuple[str, ...]:
    return tuple(normalise_header(h) for h in headers)


# ---------------------------------------------------------------- Microsoft 365 Copilot
# The per-app "last activity" columns: the Graph report's spelling, then the admin centre's.
# Each is a day the user did something with Copilot in that app, whatever the report period.
_M365_APPS: tuple[tuple[str, ...], ...] = (
    _spellings("Copilot Chat Last Activity Date", "Last activity date of Copilot Chat (UTC)"),
    _spellings("Microsoft Teams Copilot Last Activity Date", "Last activity date of Teams Copilot (UTC)",
               "Last activity date of Microsoft Teams Copilot (UTC)"),
    _spellings("Word Copilot Last Activity Date", "Last activity date of Word Copilot (UTC)"),
    _spellings("Excel Copilot Last Activity Date", "Last activity date of Excel Copilot (UTC)"),
    _spellings("PowerPoint Copilot Last Activity Date", "Last activity date of PowerPoint Copilot (UTC)"),
    _spellings("Outlook Copilot Last Activity Date", "Last activity date of Outlook Copilot (UTC)"),
    _spellings("OneNote Copilot Last Activity Date", "Last activity date of OneNote Copilot (UTC)"),
    _spellings("Loop Copilot Last Activity Date", "Last activity date of Loop Copilot (UTC)"),
    _spellings("Copilot Chat (work) Last Activity Date", "Last activity date of Copilot Chat (work) (UTC)"),
    _spellings("Copilot Chat (web) Last Activity Date", "Last activity date of Copilot Chat (web) (UTC)"),
    _spellings("Microsoft 365 Copilot Last Activity Date", "Microsoft 365 Copilot (app) Last Activity Date",
               "Last activity date of Microsoft 365 App (UTC)",
               "Last activity date of Microsoft 365 Copilot (app) (UTC)"),
    _spellings("Edge Last Activity Date", "Microsoft Edge Last Activity Date",
               "Last activity date of Microsoft Edge (UTC)"),
    _spellings("Copilot Agent Last Activity Date", "Last activity date of any agent (UTC)"),
)
M365_COLUMNS: dict[str, tuple[str, ...]] = {
    "account": _spellings("User Principal Name", "User name", "Username"),
    "used_on": _spellings("Last Activity Date", "Last activity date (UTC)",
                          "Last activity date (UTC (Universal Time Code))"),
    "report_date": _spellings("Report Refresh Date"),
    **dict(zip(ALSO_USED_ON, _M365_APPS)),
}

_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_SAMPLE = 200  # a concealed report conceals every name: its first rows tell

CONCEALED = (
    "the user names in this report are concealed (32-character codes instead of user principal "
    "names), so no row can be matched to a person. A global administrator shows them in the "
    "Microsoft 365 admin center: Settings > Org settings > Services > Reports, clear \"Display "
    "concealed user, group, and site names in all reports\" and save; then export the report again")


def concealed_names(rows: Sequence[Mapping[str, object]]) -> str | None:
    """The refusal for a report whose user names are concealed (most of them 32 hex digits,
    the admin centre's privacy setting), else None."""
    seen = hidden = 0
    for row in rows:
        account = row.get("account") or row.get("email")
        if not isinstance(account, str) or not account:
            continue
        seen += 1
        hidden += bool(_HEX32.fullmatch(account))
        if seen >= _SAMPLE:
            break
    return CONCEALED if seen and hidden * 2 > seen else None


_GRAPH_V1 = _spellings("User Principal Name", "Last Activity Date", "Microsoft Teams Copilot Last Activity Date")
_ADMIN_V1 = _spellings("Display name", "Last activity date of Teams Copilot (UTC)")
_M365_SOURCE = ("Microsoft Graph reports API, Microsoft 365 Copilot usage user detail "
                "(getMicrosoft365CopilotUsageUserDetail), and the Microsoft 365 admin center's "
                "Microsoft 365 Copilot usage report (Learn: microsoft-365-copilot-usage)")


def _m365(key: str, title: str, signature: tuple[str, ...], *, us_dates: bool) -> Layout:
    return Layout(
        key=key, title=title, kind="usage", columns=M365_COLUMNS, signature=frozenset(signature),
        day_first=False if us_dates else None, account_system="upn", check=concealed_names,
        source=_M365_SOURCE)


M365_GRAPH_V1 = _m365("m365_copilot_graph_v1", "Microsoft 365 Copilot usage user detail (Graph report, v1)",
                      _GRAPH_V1, us_dates=False)
M365_GRAPH_V2 = _m365("m365_copilot_graph_v2", "Microsoft 365 Copilot usage user detail (Graph report, v2)",
                      _GRAPH_V1 + _spellings("Copilot Chat (work) Last Activity Date"), us_dates=False)
# The admin centre writes the dates of its export in the US order (MM/DD/YYYY).
M365_ADMIN_V1 = _m365("m365_copilot_admin_v1", "Microsoft 365 Copilot usage user detail (admin center export)",
                      _ADMIN_V1, us_dates=True)
M365_ADMIN_V2 = _m365("m365_copilot_admin_v2",
                      "Microsoft 365 Copilot usage user detail (admin center export, with prompt counts)",
                      _ADMIN_V1 + _spellings("Last activity date of Copilot Chat (work) (UTC)"), us_dates=True)

# ---------------------------------------------------------------- GitHub Copilot
# "None" (or an empty cell) in Last Activity At: no Copilot activity in the retention period.
_NO_ACTIVITY = frozenset({"none", "nil", "null", "never", "n/a"})

GITHUB_COPILOT = Layout(
    key="github_copilot_activity",
    title="GitHub Copilot activity report",
    kind="usage",
    columns={
        "account": _spellings("Login"),
        "used_on": _spellings("Last Activity At"),
        "report_date": _spellings("Report Time"),
    },
    signature=frozenset(_spellings("Login", "Last Activity At", "Last Surface Used")),
    empty={"used_on": _NO_ACTIVITY},
    account_system="github",
    source="GitHub Docs, Copilot metrics data properties: the Copilot activity report "
           "(report_time, login, last_authenticated_at, last_activity_at, last_surface_used)",
)

# ---------------------------------------------------------------- ChatGPT Enterprise
CHATGPT_ENTERPRISE = Layout(
    key="chatgpt_enterprise_users",
    title="ChatGPT Enterprise user engagement report",
    kind="usage",
    columns={
        "account": _spellings("email"),
        "used_on": _spellings("last_day_active_in_period", "last_day_active"),
        "period_start": _spellings("period_start"),
        "period_end": _spellings("period_end"),
        ALSO_USED_ON[13]: _spellings("first_day_active_in_period"),
        ALSO_USED_ON[14]: _spellings("last_day_active"),
    },
    signature=frozenset(_spellings("cadence", "period_start", "period_end", "email", "is_active")),
    account_system="chatgpt",
    source="OpenAI Help Center, User Analytics for ChatGPT Enterprise and Edu: the weekly or "
           "monthly User Engagement export",
)

LAYOUTS: tuple[Layout, ...] = (M365_GRAPH_V1, M365_GRAPH_V2, M365_ADMIN_V1, M365_ADMIN_V2, GITHUB_COPILOT,
                               CHATGPT_ENTERPRISE)
