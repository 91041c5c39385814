"""HR roster layouts: worker reports of HR systems, as their documentation gives the headers.

Each layout says which of the system's columns feed the roster's fields and what its status
words mean. The roster import turns "leaver" statuses (and termination dates that have passed)
into deactivations; docs/imports.md lists every column and word per layout.
"""

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
        "account": ("user_principal_name", "upn"),
    },
    signature=frozenset({"employee_id", "business_title"}),
    day_first=False,  # a custom report from a US tenant writes MM/DD/YYYY
    # Worker_Status is a word; Active_Status is Workday's yes/no field, written 1/0 in CSV.
    statuses={"status": {"active": _ACTIVE, "on leave": _ACTIVE, "leave of absence": _ACTIVE,
                         "1": _ACTIVE, "yes": _ACTIVE, "true": _ACTIVE,
                         "terminated": _LEAVER, "inactive": _LEAVER, "retired": _LEAVER,
                         "0": _LEAVER, "no": _LEAVER, "false": _LEAVER}},
    account_system="upn",
    source="Workday custom report (Report Writer) of workers, columns named by their report "
           "fields' XML aliases",
)

# SAP SuccessFactors user data file (the Employee Import / "Export User" CSV). Row 1 holds the
# system keys (STATUS, USERID, ...) and row 2 their labels ("STATUS", "USERID", "First Name",
# ...); the roster import recognises row 2 by its STATUS and USERID cells and skips it.
# MANAGER and HR name the manager's USERID, so USERID (not EMPID) is the employee id here.
SUCCESSFACTORS = Layout(
    key="successfactors_user_data",
    title="SAP SuccessFactors user data file",
    kind="roster",
    columns={
        "employee_id": ("userid",),
        "first_name": ("firstname",),
        "last_name": ("lastname",),
        "email": ("email",),
        "team": ("department",),
        "parent_team": ("division",),
        "title": ("title",),
        "manager_id": ("manager",),
        "status": ("status",),
        "hire_date": ("hiredate",),
    },
    signature=frozenset({"status", "userid", "firstname", "lastname"}),
    day_first=False,  # the file's dates are MM/DD/YYYY
    statuses={"status": {"active": _ACTIVE, "inactive": _LEAVER}},
    empty={"manager_id": frozenset({"no manager", "no mgr"})},
    source="SAP SuccessFactors user data file (Employee Import, Manage Users export)",
)

# BambooHR: a custom report or the employee directory, columns named by BambooHR's field names.
# `status` is the employee's Active / Inactive; the API writes a missing date as 0000-00-00.
BAMBOOHR = Layout(
    key="bamboohr_directory",
    title="BambooHR employee report",
    kind="roster",
    columns={
        "employee_id": ("employeenumber", "employee_#"),
        "name": ("displayname",),
        "first_name": ("firstname", "first_name"),
        "last_name": ("lastname", "last_name"),
        "email": ("workemail", "work_email"),
        "team": ("department",),
        "parent_team": ("division",),
        "title": ("jobtitle", "job_title"),
        "manager_id": ("supervisoreid", "supervisor_eid"),
        "status": ("status",),
        "hire_date": ("hiredate", "hire_date"),
        "termination_date": ("terminationdate", "termination_date"),
    },
    signature=frozenset({"employeenumber", "supervisoreid"}),
    day_first=False,  # a report saved from a US account writes MM/DD/YYYY; the API writes ISO
    statuses={"status": {"active": _ACTIVE, "inactive": _LEAVER, "terminated": _LEAVER}},
    empty={"hire_date": frozenset({"0000 00 00"}), "termination_date": frozenset({"0000 00 00"})},
    source="BambooHR employee fields (API field names), as a custom report or the directory",
)

LAYOUTS: tuple[Layout, ...] = (WORKDAY, SUCCESSFACTORS, BAMBOOHR)
