"""The portable workbook's sheets, one group per area: each area of tracker/store/areas.py
names its group as its export sheets, and the workbook's sheets are the areas' groups in the
areas' order (tracker.store.areas.export_sheets). The columns and references are described
with the types of tracker/domain/portable_format.py.

Within a group, and across the areas' order, a sheet comes after the sheets that define what it
refers to (a session after its module), except for `deferred` references, set once every sheet's
records exist.
"""

from __future__ import annotations

from typing import Any

from tracker.domain.gate_evidence import EvidenceRule
from tracker.domain.portable_format import (
    CHOICE,
    DATE,
    INTEGER,
    JSON,
    NUMBER,
    TEXT,
    TIME,
    YES_NO,
    Column,
    Ref,
    Sheet,
)

_STAGES = ("pilot", "scaling", "production", "retired")
_SUPPORT = ("active_resistor", "resistant", "neutral", "supportive", "champion")
_TRANSITIONS = ("pilot_to_scaling", "scaling_to_production")
_AREAS = ("people", "data", "infrastructure", "governance")


def _rollout(**kw: Any) -> Column:
    return Column("rollout", required=True, doc="name of a rollout on the rollouts sheet", **kw)


def _person(name: str, doc: str, **kw: Any) -> Column:
    return Column(name, doc=f"{doc}: employee id of a person on the people sheet", **kw)


def _team(name: str, doc: str, **kw: Any) -> Column:
    return Column(name, doc=f"{doc}: name of a team on the teams sheet", **kw)


def _date(name: str, field_: str | None = None, **kw: Any) -> Column:
    return Column(name, DATE, field=field_ or name, **kw)


def _text(name: str, field_: str | None = None, **kw: Any) -> Column:
    kw.setdefault("default", "")
    return Column(name, TEXT, field=field_ or name, **kw)


def _choice(name: str, choices: tuple[str, ...], field_: str | None = None, **kw: Any) -> Column:
    return Column(name, CHOICE, field=field_ or name, choices=choices, **kw)


def _evidence_rule() -> Column:
    return _choice("evidence_rule", tuple(r.value for r in EvidenceRule), default="",
                   doc="the workspace data that answers the item (empty: a manual item)")


_R = Ref("rollout_id", "rollout", ("rollout",))

ORGANISATION_SHEETS: tuple[Sheet, ...] = (
    Sheet("teams", "teams", "Organisational units, optionally under a parent team.", (
        _text("name", required=True, key=True, doc="unique team name (case is ignored)"),
        _team("parent", "the team this one sits under"),
        _person("lead", "the team's lead"),
    ), refs=(Ref("parent_id", "team", ("parent",), True), Ref("lead_id", "person", ("lead",), True)),
        defines="team"),
    Sheet("people", "people", "Employees, from the HR roster. Leavers are kept with active = no.", (
        _text("employee_id", required=True, key=True, doc="the HR system's stable id"),
        _text("name", required=True, doc="full name"),
        _text("email"),
        _text("title", doc="job title"),
        _team("team", "the person's team"),
        _person("manager", "the person's manager"),
        Column("active", YES_NO, field="active", default=True, doc="no for leavers"),
        _date("hire_date", doc="from the HR roster"),
        _date("termination_date", doc="from the HR roster; a leaver's last day"),
    ), refs=(Ref("team_id", "team", ("team",)), Ref("manager_id", "person", ("manager",), True)),
        defines="person"),
    Sheet("accounts", "accounts", "People's accounts in other systems (UPN, GitHub login, ...), by which usage "
          "reports name them. Withheld from a pseudonymised export: an account names its holder.", (
        _text("system", required=True, key=True, doc="the system: upn, github, chatgpt, ..."),
        _text("account", required=True, key=True, doc="the account in that system (case is ignored)"),
        _person("employee_id", "the account's holder", required=True),
    ), refs=(Ref("person_id", "person", ("employee_id",)),)),
)

ROLLOUT_SHEETS: tuple[Sheet, ...] = (
    Sheet("rollouts", "rollouts", "The AI systems being introduced.", (
        _text("name", required=True, key=True, doc="unique rollout name (case is ignored)"),
        _text("description"),
        _choice("stage", _STAGES, default="pilot"),
        _person("owner", "the accountable owner"),
        _person("sponsor", "the sponsor"),
        _date("start_date"), _date("go_live_date"),
        Column("target_adoption", NUMBER, field="target_adoption", doc="share of eligible people, 0 to 1"),
        _date("target_date", doc="when the target adoption should be reached"),
    ), refs=(Ref("owner_id", "person", ("owner",)), Ref("sponsor_id", "person", ("sponsor",))),
        defines="rollout"),
    Sheet("participation", "participation", "Teams taking part in a rollout, and how strongly it changes their work.", (
        _rollout(key=True),
        _team("team", "a participating team", required=True, key=True),
        _choice("impact", ("none", "low", "medium", "high"), required=True),
    ), refs=(_R, Ref("team_id", "team", ("team",)))),
    Sheet("role_types", "role_types", "The roles people can have in a rollout (sponsor, champion, end user, ...).", (
        _text("name", required=True, key=True, doc="unique role name"),
        Column("position", INTEGER, field="position", default=0, doc="order in lists"),
    ), defines="role"),
    Sheet("person_roles", "person_roles", "Who has which role in which rollout.", (
        _rollout(key=True),
        _person("employee_id", "the person", required=True, key=True),
        Column("role", required=True, key=True, doc="name of a role on the role_types sheet"),
    ), refs=(_R, Ref("person_id", "person", ("employee_id",)), Ref("role_id", "role", ("role",)))),
)

TRAINING_SHEETS: tuple[Sheet, ...] = (
    Sheet("modules", "training_modules", "Training modules of a rollout.", (
        _rollout(key=True),
        _text("code", required=True, key=True, doc="module code, unique within the rollout"),
        _text("title", required=True),
        Column("hours", NUMBER, field="hours", default=1.0),
        _choice("format", ("e_learning", "classroom", "workshop", "coaching"), default="e_learning"),
        _date("due_date", doc="a fixed due date, or leave empty and give due_offset_days"),
        Column("due_offset_days", INTEGER, field="due_offset_days", doc="days after go-live the module is due"),
        _date("available_from", required=True),
    ), refs=(_R,), defines="module"),
    Sheet("module_roles", "training_role_requirements", "Roles that must take a module.", (
        _rollout(key=True),
        Column("module", required=True, key=True, doc="code of a module on the modules sheet"),
        Column("role", required=True, key=True, doc="name of a role on the role_types sheet"),
    ), refs=(Ref("module_id", "module", ("rollout", "module")), Ref("role_id", "role", ("role",)))),
    Sheet("module_teams", "training_team_requirements", "Teams whose members must all take a module.", (
        _rollout(key=True),
        Column("module", required=True, key=True, doc="code of a module on the modules sheet"),
        _team("team", "the team", required=True, key=True),
    ), refs=(Ref("module_id", "module", ("rollout", "module")), Ref("team_id", "team", ("team",)))),
    Sheet("training_records", "training_records", "Assignments and completions: what is known about a person and a module.", (
        _rollout(key=True),
        Column("module", required=True, key=True, doc="code of a module on the modules sheet"),
        _person("employee_id", "the person", required=True, key=True),
        _choice("status", ("not_started", "in_progress", "completed", "exempt"), default="not_started"),
        _date("completed_on", doc="required when completed"),
        Column("score", NUMBER, field="score", doc="0 to 100"),
        _text("exempt_reason", personal=True, doc="required when exempt"),
        Column("assigned", YES_NO, field="assigned", default=False, doc="yes: given by hand, not by a role or team rule"),
    ), refs=(Ref("module_id", "module", ("rollout", "module")), Ref("person_id", "person", ("employee_id",)))),
    Sheet("sessions", "training_sessions", "Scheduled sessions of a module, with their seats.", (
        _rollout(key=True),
        Column("module", required=True, key=True, doc="code of a module on the modules sheet"),
        _date("starts_on", required=True, key=True),
        Column("start_time", TIME, field="start_time", key=True, default="09:00"),
        _text("place", key=True),
        Column("duration_minutes", INTEGER, field="duration_minutes", required=True),
        Column("capacity", INTEGER, field="capacity", required=True, doc="seats"),
        Column("online", YES_NO, field="online", default=False),
        _person("trainer", "the trainer"),
    ), refs=(Ref("module_id", "module", ("rollout", "module")), Ref("trainer_id", "person", ("trainer",))),
        defines="session"),
    Sheet("enrolments", "training_enrolments", "Who holds a seat in which session.", (
        _rollout(key=True),
        Column("module", required=True, key=True, doc="code of the session's module"),
        Column("starts_on", DATE, required=True, key=True),
        Column("start_time", TIME, key=True, default="09:00"),
        Column("place", key=True, default=""),
        _person("employee_id", "the enrolled person", required=True, key=True),
    ), refs=(Ref("session_id", "session", ("rollout", "module", "starts_on", "start_time", "place")),
             Ref("person_id", "person", ("employee_id",)))),
)

READINESS_SHEETS: tuple[Sheet, ...] = (
    Sheet("stakeholders", "stakeholders", "People or teams with influence on a rollout: the power/interest grid.", (
        _rollout(key=True),
        _person("employee_id", "a person stakeholder (or give team)", key=True),
        _team("team", "a team stakeholder (or give employee_id)", key=True),
        Column("influence", INTEGER, field="influence", required=True, doc="1 to 5"),
        Column("interest", INTEGER, field="interest", required=True, doc="1 to 5"),
        _choice("current_support", _SUPPORT, required=True),
        _choice("needed_support", _SUPPORT, required=True),
        _person("owner", "who manages the relationship"),
        _date("last_contact"),
        _text("engagement_plan", personal=True),
        _text("notes", personal=True),
    ), refs=(_R, Ref("person_id", "person", ("employee_id",)), Ref("team_id", "team", ("team",)),
             Ref("owner_id", "person", ("owner",))), one_of=("employee_id", "team")),
    Sheet("adkar", "adkar_assessments", "ADKAR scores (1 to 5) of a team in a rollout on a date.", (
        _rollout(key=True),
        _team("team", "the assessed team", required=True, key=True),
        _date("assessed_on", required=True, key=True),
        *(Column(e, NUMBER, field=e, required=True, doc="1 to 5")
          for e in ("awareness", "desire", "knowledge", "ability", "reinforcement")),
        Column("respondents", INTEGER, field="respondents", required=True),
    ), refs=(_R, Ref("team_id", "team", ("team",)))),
    Sheet("resistance", "resistance_signals", "Observations that a group resists, and what is done about it.", (
        _rollout(key=True),
        _team("team", "the resisting team", required=True, key=True),
        _date("observed_on", required=True, key=True),
        _choice("type", ("job_security", "role_clarity", "usage_difficulty", "lack_of_awareness",
                         "change_fatigue", "distrust", "data_privacy", "other"), required=True, key=True),
        _text("description", key=True, personal=True),
        _person("employee_id", "the person it is about, if one"),
        Column("severity", INTEGER, field="severity", required=True, doc="1 to 5"),
        _choice("source", ("survey", "one_to_one", "helpdesk_ticket", "usage_data", "meeting", "other"), required=True),
        _person("owner", "who follows it up"),
        _text("mitigation", personal=True),
        _choice("status", ("open", "mitigating", "resolved"), default="open"),
        _date("resolved_on", doc="required when resolved, and only then"),
    ), refs=(_R, Ref("team_id", "team", ("team",)), Ref("person_id", "person", ("employee_id",)),
             Ref("owner_id", "person", ("owner",)))),
)

DELIVERY_SHEETS: tuple[Sheet, ...] = (
    Sheet("dependencies", "dependencies", "What one team needs from another before a rollout can move on.", (
        _rollout(key=True),
        _team("needer", "the team that waits", required=True, key=True),
        _team("provider", "the team that delivers", required=True, key=True),
        _text("description", required=True, key=True),
        _choice("kind", ("data", "infrastructure", "approval", "integration", "training", "other"), default="other"),
        _person("owner", "who is responsible"),
        _date("due_date"),
        _choice("status", ("open", "in_progress", "blocked", "done"), default="open"),
        _text("blocked_reason", doc="required when blocked"),
    ), refs=(_R, Ref("needer_team_id", "team", ("needer",)), Ref("provider_team_id", "team", ("provider",)),
             Ref("owner_id", "person", ("owner",)))),
    Sheet("gate_template", "gate_template", "The checklist new rollouts' readiness gates start from.", (
        _choice("transition", _TRANSITIONS, required=True, key=True),
        _choice("area", _AREAS, required=True, key=True),
        _text("text", required=True, key=True),
        Column("position", INTEGER, field="position", default=0),
        _evidence_rule(),
    )),
    Sheet("gate_items", "gate_items", "A rollout's readiness gate checklist items.", (
        _rollout(key=True),
        _choice("transition", _TRANSITIONS, required=True, key=True),
        _choice("area", _AREAS, required=True, key=True),
        _text("text", required=True, key=True),
        _choice("status", ("open", "done", "waived"), default="open"),
        _person("owner", "who is responsible"),
        _text("evidence"),
        _date("due_date"),
        _text("waiver_reason", doc="required when waived"),
        Column("position", INTEGER, field="position", default=0),
        _evidence_rule(),
    ), refs=(_R, Ref("owner_id", "person", ("owner",)))),
    Sheet("raci_responsibilities", "raci_responsibilities", "The rows of a rollout's RACI matrix.", (
        _rollout(key=True),
        _text("responsibility", "name", required=True, key=True),
        Column("position", INTEGER, field="position", default=0),
    ), refs=(_R,), defines="responsibility"),
    Sheet("raci", "raci_assignments", "Who is Responsible, Accountable, Consulted or Informed.", (
        _rollout(key=True),
        Column("responsibility", required=True, key=True, doc="a responsibility on the raci_responsibilities sheet"),
        _person("employee_id", "a person (or give team)", key=True),
        _team("team", "a team (or give employee_id)", key=True),
        _choice("role", ("R", "A", "C", "I"), required=True),
    ), refs=(_R, Ref("responsibility_id", "responsibility", ("rollout", "responsibility")),
             Ref("person_id", "person", ("employee_id",)), Ref("team_id", "team", ("team",))),
        one_of=("employee_id", "team")),
    Sheet("decisions", "decisions", "The decision log of a rollout.", (
        _rollout(key=True),
        _date("decided_on", required=True, key=True),
        _text("decision", required=True, key=True),
        _text("decided_by", required=True, personal=True, doc="who decided (names)"),
        _text("rationale"),
        _text("links"),
        _choice("from_stage", _STAGES, doc="for stage changes"),
        _choice("to_stage", _STAGES),
    ), refs=(_R,)),
    Sheet("kpis", "kpis", "A rollout's KPIs with their targets.", (
        _rollout(key=True),
        _text("kpi", "name", required=True, key=True),
        _text("unit"),
        Column("target", NUMBER, field="target", required=True),
        _choice("direction", ("higher_better", "lower_better"), required=True),
        Column("tolerance", NUMBER, field="tolerance", default=0.0, doc="distance from target still amber, not red"),
        Column("position", INTEGER, field="position", default=0),
    ), refs=(_R,), defines="kpi"),
    Sheet("kpi_readings", "kpi_readings", "Measured values of the KPIs.", (
        _rollout(key=True),
        Column("kpi", required=True, key=True, doc="name of a KPI on the kpis sheet"),
        _date("measured_on", required=True, key=True),
        Column("value", NUMBER, field="value", required=True),
    ), refs=(_R, Ref("kpi_id", "kpi", ("rollout", "kpi")))),
)

ADOPTION_SHEETS: tuple[Sheet, ...] = (
    Sheet("adoption_figures", "adoption_figures", "Team adoption figures entered by hand (teams without usage logs).", (
        _rollout(key=True),
        _team("team", "the team", required=True, key=True),
        _date("period_end", required=True, key=True),
        Column("eligible", INTEGER, field="eligible", required=True),
        Column("active", INTEGER, field="active", required=True, doc="at most eligible"),
        Column("proficient", INTEGER, field="proficient", doc="at most active"),
    ), refs=(_R, Ref("team_id", "team", ("team",)))),
    # What a retention purge keeps (tracker/store/usage_retention.py): the usage rows before the
    # cutoff are gone, so the weekly figures that counted them travel as they are. Before the
    # usage sheet, so that its rows are recorded and counted the way the purge left things.
    Sheet("usage_retention", "adoption_frozen",
          "Where a retention purge removed a rollout's usage rows (person and day) from before a "
          "cutoff: one row per purged rollout. Usage from before `purged_before` is not recorded "
          "again, and the weeks ending before `frozen_before` are the frozen team figures of the "
          "frozen_adoption_weeks sheet, which are never recomputed. Left out of an export when "
          "nothing was purged.", (
              _rollout(key=True),
              Column("purged_before", DATE, required=True,
                     doc="usage before this day was purged; an import never lowers it"),
              Column("frozen_before", DATE,
                     doc="a Sunday: the rollout's weeks ending before it are frozen (empty: none are); "
                         "an import never lowers it"),
          ), refs=(_R,)),
    Sheet("frozen_adoption_weeks", "adoption_weekly",
          "The weekly adoption figures of a team in the weeks a retention purge froze (those that "
          "counted purged usage): kept as they were, since the usage behind them is gone. The "
          "figures of later weeks are recomputed from the usage sheet. Left out of an export when "
          "nothing was purged.", (
              _rollout(key=True),
              _team("team", "the team", required=True, key=True),
              Column("week_end", DATE, required=True, key=True,
                     doc="a Sunday before the rollout's frozen_before on the usage_retention sheet"),
              Column("eligible", INTEGER, required=True, doc="eligible people that week"),
              Column("active", INTEGER, required=True, doc="people who used the tool in the 28 days to "
                                                           "week_end; at most eligible"),
              Column("new_adopters", INTEGER, required=True, doc="people whose first use was that week; "
                                                                 "at most active"),
          ), refs=(_R, Ref("team_id", "team", ("team",)))),
    Sheet("earlier_adopters", "adoption_earlier_adopters",
          "Per week after the frozen ones and team: how many people the remaining usage rows show as "
          "new adopters although their first use was purged. The recomputed new adopters of that "
          "week subtract it, so they read as before the purge. Team counts only; left out of an "
          "export when nothing was purged.", (
              _rollout(key=True),
              _team("team", "the team", required=True, key=True),
              Column("week_end", DATE, required=True, key=True,
                     doc="a Sunday on or after the rollout's frozen_before"),
              Column("people", INTEGER, required=True, doc="0 or more"),
          ), refs=(_R, Ref("team_id", "team", ("team",)))),
    Sheet("usage", "usage_events", "Days on which a person used a rollout's tool (from usage logs).", (
        _rollout(key=True),
        _person("employee_id", "the user", required=True, key=True),
        Column("used_on", DATE, required=True, key=True),
    )),
)

SETTINGS_SHEETS: tuple[Sheet, ...] = (
    Sheet("settings", "settings", "Workspace settings that travel with the file.", (
        Column("key", required=True, key=True, field="key", doc="e.g. minimum_group_size"),
        Column("value", JSON, required=True, field="value", doc="the value as JSON, e.g. 5"),
    )),
)

_SEAT_HOLDER = "the seat's holder (or give account)"
_SEAT_ACCOUNT = "the account holding the seat when it matches no one in the roster (or give employee_id)"

SEATS_SHEETS: tuple[Sheet, ...] = (
    Sheet("seat_rules", "seat_settings", "A rollout's seat rules; a rollout without a row uses the defaults.", (
        _rollout(key=True),
        Column("inactive_days", INTEGER, field="inactive_days", default=30,
               doc="a seat unused for this many days is inactive; 1 to 365"),
        Column("grace_days", INTEGER, field="grace_days", default=30,
               doc="new starters' and new seats' days of grace before reclaim; 0 to 365"),
        _text("tool", doc="the AI tool's name in the view across tools (empty: the rollout's name)"),
    ), refs=(_R,)),
    Sheet("seats", "seats", "Licences of a rollout's AI tool, from the licence admin's list (people a usage "
          "report names hold a seat without a row; a decision on such a seat stores it with source usage).", (
        _rollout(key=True),
        _person("employee_id", _SEAT_HOLDER, key=True),
        _text("account", key=True, personal=True, doc=_SEAT_ACCOUNT),
        _date("assigned_on", doc="the day the seat was given"),
        Column("monthly_cost", NUMBER, field="monthly_cost", doc="per month, 0 or more (empty: not known)"),
        _text("currency", doc="three letters, such as EUR (empty: not known)"),
        _choice("source", ("import", "usage"), default="import", doc="usage: known from a usage report"),
    ), refs=(_R, Ref("person_id", "person", ("employee_id",))), defines="seat", one_of=("employee_id", "account")),
    Sheet("leave", "seat_leave", "People on leave, whose inactive seats are kept (for every AI tool). "
          "A person's marks may not overlap.", (
        _person("employee_id", "the person on leave", required=True, key=True),
        _date("starts_on", required=True, key=True),
        _date("ends_on", doc="the last day of leave (empty: until further notice); not before starts_on"),
    ), refs=(Ref("person_id", "person", ("employee_id",)),)),
    Sheet("seat_decisions", "seat_decisions", "A change manager's approvals and rejections of seat reclaims; "
          "the latest (by decided_on, then number) counts.", (
        _rollout(key=True),
        Column("employee_id", key=True, doc="the holder's employee id of a seat on the seats sheet (or give account)"),
        Column("account", key=True, default="", doc=_SEAT_ACCOUNT + ", as on the seats sheet"),
        Column("number", INTEGER, required=True, key=True,
               doc="1, 2, ...: the seat's decisions in the order they were made"),
        _choice("decision", ("approved", "rejected"), required=True),
        _text("decided_by", required=True, personal=True, doc="who decided (a name)"),
        _date("decided_on", required=True),
        _text("reason", personal=True, doc="why: required for a rejection"),
    ), refs=(Ref("seat_id", "seat", ("rollout", "employee_id", "account")),),
        one_of=("employee_id", "account"), numbered="number"),
)
