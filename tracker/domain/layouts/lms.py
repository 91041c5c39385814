"""Learning-system layouts: transcripts and learning histories, as each system's documentation
names their columns. docs/imports.md ("Learning systems") lists each one's header row, what each
column becomes and how its statuses are read.

Statuses become the app's four (completed, in progress, not started, exempt). An LMS has more
words for "not completed" than the app needs: registered, no show, withdrawn, cancelled, pending
approval all mean the person still has the module to take, so they read as *not started*. The
requirement itself comes from the person's roles in the rollout, not from the LMS, so a
withdrawal or a no-show never removes it: the module stays due (and goes overdue after its due
date). Only an exemption in the LMS exempts. A "not started" never undoes progress already
stored (tracker/domain/training.py, merge_progress), and nothing takes a completion back.
"""

from __future__ import annotations

from tracker.domain.layouts.base import Layout

_DONE, _STARTED, _TODO, _EXEMPT = "completed", "in progress", "not started", "exempt"

# Cornerstone's transcript statuses (the transcript's own words; loose keys).
_CORNERSTONE_STATUSES = {
    "completed": _DONE, "in progress": _STARTED, "registered": _TODO, "no show": _TODO,
    "withdrawn": _TODO, "not started": _TODO, "pending approval": _TODO, "approved": _TODO,
    "denied": _TODO, "cancelled": _TODO, "canceled": _TODO, "past due": _TODO,
    "incomplete": _STARTED, "failed": _STARTED, "pending evaluation": _STARTED,
    "pending completion approval": _STARTED, "exempt": _EXEMPT, "exempted": _EXEMPT,
}

# SAP SuccessFactors Learning: completion statuses are set up by each customer (an ID, and
# whether it gives credit); these are the IDs its documentation and default data use. Others
# are skipped and named in the preview, never guessed.
_SUCCESSFACTORS_STATUSES = {
    "course complete": _DONE, "course completed": _DONE, "complete": _DONE, "completed": _DONE,
    "passed": _DONE, "course passed": _DONE, "attended": _DONE, "certified": _DONE,
    "course incomplete": _STARTED, "incomplete": _STARTED, "failed": _STARTED, "course failed": _STARTED,
    "in progress": _STARTED, "no show": _TODO, "noshow": _TODO, "cancelled": _TODO,
    "enroll cancelled": _TODO, "withdrawn": _TODO, "registered": _TODO, "exempt": _EXEMPT,
    "waived": _EXEMPT,
}

CORNERSTONE = Layout(
    key="cornerstone_transcript",
    title="Cornerstone transcript report",
    kind="training",
    columns={
        "employee_id": ("user_id", "employee_id"),
        "email": ("user_email", "email", "email_address"),
        "account": ("username", "user_name", "user_login"),
        "module": ("training_title", "title"),
        "status": ("transcript_status", "status"),
        "completed_on": ("transcript_completed_date", "completed_date", "completion_date"),
        "score": ("transcript_score", "score"),
    },
    signature=frozenset({"training_title", "transcript_status"}),
    day_first=False,  # a US portal's report writes MM/DD/YYYY
    statuses={"status": _CORNERSTONE_STATUSES},
    account_system="cornerstone",
    source="Cornerstone custom transcript report (Reporting: Transcript report fields)",
)

SUCCESSFACTORS_LEARNING = Layout(
    key="successfactors_learning_history",
    title="SAP SuccessFactors Learning history",
    kind="training",
    columns={
        "employee_id": ("stud_id", "student_id", "user_id"),
        "module": ("cpnt_id", "item_id", "component_id"),
        "module_title": ("cpnt_title", "item_title", "title"),
        "status": ("cmpl_stat_id", "completion_status_id", "completion_status"),
        "completed_on": ("compl_dte", "completion_date"),
    },
    signature=frozenset({"stud_id", "cpnt_id", "cmpl_stat_id"}),
    day_first=False,
    statuses={"status": _SUCCESSFACTORS_STATUSES},
    account_system="successfactors",
    source="SAP SuccessFactors Learning learning history (learning event) records, pipe-delimited",
)

LINKEDIN_LEARNING = Layout(
    key="linkedin_learning_detail",
    title="LinkedIn Learning learner detail report",
    kind="training",
    columns={
        "employee_id": ("unique_user_id",),
        "email": ("email", "email_address"),
        "module": ("content_title", "course_title"),
        "completed_on": ("completion_date", "content_completion_date", "completed_at"),
        "progress": ("percent_completed", "completion_percentage", "content_progress", "progress"),
    },
    signature=frozenset({"unique_user_id", "content_title"}),
    day_first=False,
    account_system="linkedin_learning",
    source="LinkedIn Learning admin reports: learner detail (downloadable CSV)",
)

MOODLE = Layout(
    key="moodle_course_completion",
    title="Moodle course completion report",
    kind="training",
    columns={
        "employee_id": ("id_number",),
        "email": ("email_address", "email"),
        "account": ("username",),
        "module": ("course_short_name", "course_id_number"),
        "module_title": ("course_full_name_with_link", "course_full_name"),
        "status": ("completed",),
        "completed_on": ("time_completed",),
        "progress": ("progress",),
    },
    signature=frozenset({"time_completed"}),
    day_first=True,  # Moodle's short date formats are day first
    # "Completed" is Yes/No; No leaves the row's progress to decide (in progress or not started).
    statuses={"status": {"yes": _DONE, "no": ""}},
    account_system="moodle",
    source="Moodle report builder custom report on course participants with course completion columns",
)

LAYOUTS: tuple[Layout, ...] = (CORNERSTONE, SUCCESSFACTORS_LEARNING, LINKEDIN_LEARNING, MOODLE)
