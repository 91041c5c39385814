"""HR roster layouts: worker reports of HR systems, as their documentation gives the headers."""

from __future__ import annotations

from tracker.domain.layouts.base import Layout

# Roster status words -> "active" / "leaver" (what the roster import understands).
_ACTIVE, _LEAVER = "active", "leaver"

WORKDAY = Layout(
    key="workday_worker",
    title="Workday worker report",
    kind="roster",
    columns={
        "employee_id": ("employee_id",),
        "name": ("preferred_name", "legal_name", "worker", "full_name"),
        "first_name": ("first_name", "preferred_first_name", "legal_first_name"),
        "last_name": ("last_name", "preferred_last_name", "legal_last_name"),
        "email": ("email_address", "primary_work_email", "work_email", "email"),
        "team": ("supervisory_organization", "department", "cost_center"),
        "parent_team": ("division",),
        "title": ("business_title", "job_title", "job_profile"),
        "manager_id": ("manager_id", "manager_employee_id"),
        "status": ("worker_status", "active_status", "employee_status"),
        "hire_date": ("hire_date", "original_hire_date"),
        "termination_date": ("termination_date",),
    },
    signature=frozenset({"employee_id", "business_title"}),
    day_first=False,  # a custom report from a US tenant writes MM/DD/YYYY
    statuses={"status": {"active": _ACTIVE, "on leave": _ACTIVE, "leave of absence": _ACTIVE,
                         "terminated": _LEAVER, "inactive": _LEAVER, "retired": _LEAVER}},
    source="Workday custom report (Report Writer) of workers, columns as their report fields' "
           "XML aliases",
)

LAYOUTS: tuple[Layout, ...] = (WORKDAY,)
