"""LMS exports as their systems write them: Cornerstone transcript, SAP SuccessFactors Learning
history, LinkedIn Learning learner detail, Moodle course completion. Each file is written here
from the system's documented header row, with the mess real files have (BOM, CRLF, pipes,
section prefixes, extra columns, another order, US or day-first dates, trailing spaces, blanks)."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.training import TrainingStatus
from tracker.services.training_import import apply_training, preview_training

AVAILABLE = dt.date(2025, 6, 1)  # AI-101's "available from": every 2025 completion above is earlier


@pytest.fixture
def lms(workspace):
    ws = workspace
    team = ws.teams.create("Claims")
    people = {
        "ann": ws.people.create(employee_id="E002", name="Ann Claims", email="ann@example.com", team_id=team),
        "bob": ws.people.create(employee_id="E003", name="Bob Billing", email="bob@example.com", team_id=team),
        "cy": ws.people.create(employee_id="E004", name="Cy Claims", email="cy@example.com", team_id=team),
        "ada": ws.people.create(employee_id="E001", name="Ada Boss", email="ada@example.com", team_id=team),
    }
    rollout = ws.rollouts.create(name="Claims triage assistant")
    modules = {
        "AI-101": ws.training.create_module(rollout, code="AI-101", title="AI basics", team_ids=[team],
                                            available_from=AVAILABLE),
        "AI-201": ws.training.create_module(rollout, code="AI-201", title="Prompting well", team_ids=[team]),
    }
    return {"ws": ws, "rollout": rollout, "people": people, "modules": modules}


def write(tmp_path, name, lines, *, bom=False, newline="\r\n"):
    path = tmp_path / name
    path.write_bytes((("\ufeff" if bom else "") + newline.join(lines) + newline).encode("utf-8"))
    return path


def stored(ws):
    """(employee id, module code) -> (status, completed_on)."""
    return {(r[0], r[1]): (TrainingStatus(r[2]), r[3]) for r in ws.conn.execute(
        """SELECT p.employee_id, m.code, t.status, t.completed_on FROM training_records t
           JOIN people p ON p.id = t.person_id JOIN training_modules m ON m.id = t.module_id""")}


def import_twice(lms, path, **options):
    """Preview and apply, then check that importing the same file again changes nothing."""
    ws = lms["ws"]
    first = preview_training(ws, path, lms["rollout"], **options)
    assert first.ok, first.report()
    apply_training(ws, first)
    changes = ws.scalar("SELECT COUNT(*) FROM changes")
    again = preview_training(ws, path, lms["rollout"], **options)
    assert again.ok and not again.plan.has_changes, again.report()
    assert apply_training(ws, again) is None
    assert ws.scalar("SELECT COUNT(*) FROM changes") == changes
    return first


CORNERSTONE = [
    '"Transcript - Transcript Status","User - User ID","User - User Full Name","Training - Training Title",'
    '"Training - Training Type","Transcript - Transcript Completed Date","Transcript - Transcript Registered Date",'
    '"User - User Email"',
    "Completed ,E002,Ann Claims,AI basics ,Online Class,03/04/2025,02/20/2025,",
    "In Progress,E003,Bob Billing,Prompting well,Online Class,,03/01/2025,",
    "No Show,E004,Cy Claims,PROMPTING  WELL,Event,,,",
    "Withdrawn,E001,Ada Boss,AI basics,Online Class,,,",
    "Completed,E002,Ann Claims,Excel for everyone,Online Class,01/13/2025,,",
    "Registered,E777,Temp Worker,AI basics,Online Class,,,",
]


def test_cornerstone_transcript_with_section_prefixes_bom_and_us_dates(lms, tmp_path):
    result = import_twice(lms, write(tmp_path, "transcript.csv", CORNERSTONE, bom=True))
    assert result.layout_title == "Cornerstone transcript report"
    assert result.report().splitlines()[0] == "Recognised: Cornerstone transcript report"
    assert stored(lms["ws"]) == {
        ("E002", "AI-101"): (TrainingStatus.COMPLETED, "2025-03-04"),  # 4 March: the column is month first
        ("E003", "AI-201"): (TrainingStatus.IN_PROGRESS, None),
        ("E004", "AI-201"): (TrainingStatus.NOT_STARTED, None),  # no show: still to take
        ("E001", "AI-101"): (TrainingStatus.NOT_STARTED, None),  # withdrawn: still to take
    }
    text = result.report()
    assert "1 row skipped for modules this rollout does not have: 'Excel for everyone' (1 row)" in text
    assert "1 row skipped for 1 person not in the workspace: 'E777' (1 row)" in text
    assert "1 completion dated before their module's available-from date, taken as they are (AI-101: 1)" in text


def test_an_older_transcript_never_takes_a_completion_back(lms, tmp_path):
    ws = lms["ws"]
    import_twice(lms, write(tmp_path, "new.csv", CORNERSTONE))
    older = write(tmp_path, "old.csv", [CORNERSTONE[0], "In Progress,E002,Ann Claims,AI basics,Online Class,,,",
                                        "Completed,E003,Bob Billing,Prompting well,Online Class,12/01/2024,,"])
    result = preview_training(ws, older, lms["rollout"])
    assert result.ok and result.plan.kept == 1
    apply_training(ws, result)
    assert stored(ws)[("E002", "AI-101")] == (TrainingStatus.COMPLETED, "2025-03-04")
    assert stored(ws)[("E003", "AI-201")] == (TrainingStatus.COMPLETED, "2024-12-01")
    earlier = write(tmp_path, "earlier.csv", [CORNERSTONE[0], "Completed,E002,Ann,AI basics,Online Class,01/02/2025,,"])
    again = preview_training(ws, earlier, lms["rollout"])
    assert again.ok and not again.plan.has_changes  # an older completion does not replace a newer one


def test_a_transcript_without_a_person_column_is_refused_naming_the_field(lms, tmp_path):
    path = write(tmp_path, "t.csv", ["Training Title,Transcript Status", "AI basics,Completed"])
    result = preview_training(lms["ws"], path, lms["rollout"])
    assert not result.ok
    assert result.missing == [("employee_id", "email", "account")]
    assert result.report() == ("t.csv: read as Cornerstone transcript report, but no column gives Employee id or "
                               "Email or User account (its columns: Training Title, Transcript Status); "
                               "name one with --map FIELD=COLUMN")
    fixed = preview_training(lms["ws"], write(tmp_path, "u.csv", ["Login,Training Title,Transcript Status",
                                                                  "E002,AI basics,In Progress"]),
                             lms["rollout"], overrides={"employee_id": "Login"})
    assert fixed.ok and len(fixed.plan.new) == 1


SUCCESSFACTORS = [
    "STUD_ID|CPNT_TYP_ID|CPNT_ID|REV_DTE|CMPL_STAT_ID|COMPL_DTE|TOTAL_HRS|GRADE|INST_NAME",
    "ann.claims|COURSE|AI-101|JAN-01-2025 00:00:00 UTC|COURSE_COMPLETE|JAN-15-2025 10:00:00 UTC|1.5|A|",
    "ann.claims|COURSE|AI-101|JAN-01-2025 00:00:00 UTC|COURSE_INCOMPLETE||0||",
    "E003|COURSE|AI-201|FEB-01-2025 00:00:00 UTC|COURSE_INCOMPLETE||0.5||",
    "E004|COURSE|AI-201|FEB-01-2025 00:00:00 UTC|ATTENDED_PARTIAL|FEB-10-2025 09:30:00 UTC|1||J. Doe",
    "E004|COURSE|AI-201|FEB-01-2025 00:00:00 UTC|ATTENDED_PARTIAL|FEB-11-2025 09:30:00 UTC|1||J. Doe",
    "E004|COURSE|SAFETY-9|FEB-01-2025 00:00:00 UTC|COURSE_COMPLETE|FEB-02-2025 10:00:00 UTC|1||",
    "E001|COURSE|AI-201|FEB-01-2025 00:00:00 UTC|NO_SHOW||0||",
]


def test_successfactors_learning_history_pipes_accounts_and_unknown_statuses(lms, tmp_path):
    ws = lms["ws"]
    ws.accounts.link("successfactors", [(lms["people"]["ann"], "Ann.Claims")], "Link accounts")
    result = import_twice(lms, write(tmp_path, "history.txt", SUCCESSFACTORS))
    assert result.layout_title == "SAP SuccessFactors Learning history"
    assert stored(ws) == {
        ("E002", "AI-101"): (TrainingStatus.COMPLETED, "2025-01-15"),  # a later incomplete row keeps it
        ("E003", "AI-201"): (TrainingStatus.IN_PROGRESS, None),
        ("E001", "AI-201"): (TrainingStatus.NOT_STARTED, None),
    }
    assert result.plan.unknown_statuses == {"ATTENDED_PARTIAL": 2}
    assert "2 rows skipped with a status this layout does not know: 'ATTENDED_PARTIAL' (2 rows)" in result.report()
    assert result.plan.skipped_modules == {"SAFETY-9": 1}


LINKEDIN = [
    "First Name,Last Name,Email,Unique User ID,Group Name,Content Title,Content Type,Content Provider,"
    "Percent Completed,Completion Date,Last Viewed Date,Hours Viewed",
    "Ann,Claims,ANN@EXAMPLE.COM ,,Claims,AI Basics,Course,LinkedIn,100%,2025-02-03,2025-02-03,0:45:10",
    'Bob,Billing,bob@example.com,E003,Claims,"Prompting well",Course,LinkedIn,40%,,2025-02-05,0:12:00',
    "Cy,Claims,cy@example.com,E004,Claims,Prompting well,Course,LinkedIn,0%,,,",
    "Cy,Claims,cy@example.com,E004,Claims,Excel Essential Training,Course,LinkedIn,100%,2025-01-09,2025-01-09,1:00:00",
]


def test_linkedin_learning_detail_by_email_and_user_id_with_progress(lms, tmp_path):
    result = import_twice(lms, write(tmp_path, "learner_detail.csv", LINKEDIN, bom=True, newline="\n"))
    assert result.layout_title == "LinkedIn Learning learner detail report"
    assert stored(lms["ws"]) == {
        ("E002", "AI-101"): (TrainingStatus.COMPLETED, "2025-02-03"),
        ("E003", "AI-201"): (TrainingStatus.IN_PROGRESS, None),  # 40% and no completion date
        ("E004", "AI-201"): (TrainingStatus.NOT_STARTED, None),
    }
    assert result.plan.skipped_modules == {"Excel Essential Training": 1}


MOODLE = [
    "Course full name with link,Course short name,Full name,Email address,ID number,Completed,Progress,"
    "Time enrolled,Time completed",
    'AI basics,AI-101,Ann Claims,ann@example.com,E002,Yes,100.0%,"Monday, 3 February 2025, 9:00 AM",'
    '"Friday, 7 March 2025, 4:12 PM"',
    'Prompting well,AI 201,Bob Billing,bob@example.com,,No,50.0%,"Monday, 3 February 2025, 9:00 AM",',
    'Prompting well,AI 201,Cy Claims,cy@example.com,E004,No,0.0%,"Monday, 3 February 2025, 9:00 AM",',
    'Onboarding,ONB,Cy Claims,cy@example.com,E004,Yes,100.0%,,"Monday, 3 February 2025, 10:00 AM"',
]


def test_moodle_course_completion_report_with_long_dates_and_yes_no(lms, tmp_path):
    result = import_twice(lms, write(tmp_path, "completion.csv", MOODLE, bom=True))
    assert result.layout_title == "Moodle course completion report"
    assert stored(lms["ws"]) == {
        ("E002", "AI-101"): (TrainingStatus.COMPLETED, "2025-03-07"),
        ("E003", "AI-201"): (TrainingStatus.IN_PROGRESS, None),  # matched by email: no ID number
        ("E004", "AI-201"): (TrainingStatus.NOT_STARTED, None),
    }
    assert result.plan.skipped_modules == {"ONB": 1}


def test_a_bad_date_for_a_module_of_the_rollout_is_a_row_error(lms, tmp_path):
    path = write(tmp_path, "t.csv", [CORNERSTONE[0], "Completed,E002,Ann,AI basics,Online Class,02/30/2025,,",
                                     "Completed,E002,Ann,Other course,Online Class,13/45/2025,,"])
    result = preview_training(lms["ws"], path, lms["rollout"])
    assert [str(e) for e in result.plan.errors] == [
        "row 2: transcript_transcript_completed_date: '02/30/2025' is not a real date"]
    assert result.plan.skipped_modules == {"Other course": 1}  # its bad date does not matter here


@pytest.mark.parametrize("lines", [CORNERSTONE, SUCCESSFACTORS, LINKEDIN, MOODLE])
def test_each_layout_is_recognised_from_a_reordered_header_with_extra_columns(lms, tmp_path, lines):
    import csv
    import io

    delimiter = "|" if "|" in lines[0] else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    order = list(reversed(range(len(rows[0]))))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([row[i] for i in order] + (["Extra column"] if row is rows[0] else ["x"]))
    path = tmp_path / "reordered.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    if lines is SUCCESSFACTORS:
        lms["ws"].accounts.link("successfactors", [(lms["people"]["ann"], "ann.claims")], "Link")
    result = preview_training(lms["ws"], path, lms["rollout"])
    assert result.ok and result.layout_title, result.report()
    assert len(result.plan.new) == 3 + (lines is CORNERSTONE)


def test_a_cornerstone_report_saved_as_a_workbook_with_date_cells(lms, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["User - User ID", "Training - Training Title", "Transcript - Transcript Status",
                  "Transcript - Transcript Completed Date", "Transcript - Transcript Score"])
    sheet.append([2, "AI basics", "Completed", dt.datetime(2025, 3, 4, 14, 30), 92.5])  # a numeric user id
    sheet.append(["E003", "Prompting well", "Registered", None, None])
    path = tmp_path / "transcript.xlsx"
    book.save(path)
    lms["ws"].people.update(lms["people"]["ann"], employee_id="2")
    result = import_twice(lms, path)
    assert result.layout_title == "Cornerstone transcript report"
    assert stored(lms["ws"]) == {("2", "AI-101"): (TrainingStatus.COMPLETED, "2025-03-04"),
                                 ("E003", "AI-201"): (TrainingStatus.NOT_STARTED, None)}
    assert lms["ws"].scalar("SELECT score FROM training_records WHERE completed_on IS NOT NULL") == 92.5
