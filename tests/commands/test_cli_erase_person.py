"""`tracker erase-person`: refuses without --yes, erases with it, names an unknown id."""

from tracker.cli import main
from tracker.store import Workspace


def _workspace(tmp_path):
    path = tmp_path / "w.tracker"
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        ws.people.create(employee_id="E777", name="Zebedee Quill", email="zq@example.com", team_id=team)
    return path


def test_erase_needs_confirmation_then_erases(tmp_path, capsys):
    path = _workspace(tmp_path)
    assert main(["erase-person", str(path), "E777"]) == 1
    assert "--yes" in capsys.readouterr().err
    with Workspace.open(path, readonly=True) as ws:
        assert ws.people.by_employee_id("E777").name == "Zebedee Quill"  # nothing changed yet
    assert main(["erase-person", str(path), "E777", "--yes"]) == 0
    with Workspace.open(path, readonly=True) as ws:
        assert ws.people.by_employee_id("E777") is None
        assert ws.scalar("SELECT count(*) FROM people") == 1  # the record stays, under a pseudonym
    assert b"Zebedee" not in path.read_bytes()


def test_an_unknown_employee_id_is_named(tmp_path, capsys):
    path = _workspace(tmp_path)
    assert main(["erase-person", str(path), "E999", "--yes"]) == 1
    assert "E999" in capsys.readouterr().err
