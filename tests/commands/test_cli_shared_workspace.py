"""Every subcommand's WORKSPACE may be a server address: it is checked by argparse, opened
through commands/common.open_workspace, and a connection that fails ends in one line with the
workspace exit status (3), never a traceback.

The routing tests stand a workspace file in for the server (Workspace.open of an address is
the store's: tracker/store/workspace_shared.py); the failures come from the test cluster."""

from __future__ import annotations

import pytest

from tracker.cli import build_parser, main
from tracker.store import Workspace
from tracker.store.engine.address import ServerAddress, parse_address

SERVER = "postgresql://ann@db.example.com/rollouts?sslmode=verify-full"


@pytest.fixture
def server_opens(monkeypatch, tmp_path):
    """Workspace.open of an address answered by a file workspace; returns the calls made."""
    calls: list[tuple[ServerAddress, dict]] = []
    stand_in = tmp_path / "server.tracker"
    with Workspace.open(stand_in) as ws:
        ws.rollouts.create(name="Claims triage assistant")
    real_open = Workspace.open.__func__  # type: ignore[attr-defined]

    def open_(cls, path, **options):
        if not Workspace.is_shared_address(path):
            return real_open(cls, path, **options)
        calls.append((parse_address(path), options))
        return real_open(cls, stand_in, create=False, readonly=options.get("readonly", False))

    monkeypatch.setattr(Workspace, "open", classmethod(open_))
    return calls


@pytest.mark.parametrize("argv", [
    ["report", SERVER, "-o", "r.xlsx"],
    ["retention", SERVER, "--keep-all"],
    ["export-data", SERVER, "-o", "all.xlsx"],
    ["import-data", SERVER, "all.xlsx"],
    ["erase-person", SERVER, "E1"],
    ["rollout", "add", SERVER, "Claims"],
    ["rollout", "list", SERVER],
    ["new", SERVER],
    ["encrypt", SERVER],
    *[["import", kind, SERVER, "f.csv", "--rollout", "R"] for kind in ("training", "adkar", "kpis", "usage", "seats")],
    *[["import", kind, SERVER, "f.csv"] for kind in ("roster", "adoption", "accounts")],
])
def test_every_workspace_argument_takes_an_address(argv):
    workspace = build_parser().parse_args(argv).workspace
    assert workspace == parse_address(SERVER)


def test_listing_opens_the_server_read_only(server_opens, capsys):
    assert main(["rollout", "list", SERVER]) == 0
    assert "Claims triage assistant" in capsys.readouterr().out
    [(address, options)] = server_opens
    assert (address.host, address.database, address.sslmode) == ("db.example.com", "rollouts", "verify-full")
    assert options == {"readonly": True}


def test_a_write_goes_to_the_server_opened_for_writing(server_opens, tmp_path, capsys):
    assert main(["rollout", "add", SERVER, "Seat reclaim bot"]) == 0
    assert server_opens[0][1] == {"readonly": False}
    with Workspace.open(tmp_path / "server.tracker") as ws:
        assert ws.rollouts.by_name("Seat reclaim bot") is not None


def test_an_import_previews_read_only_and_applies_for_writing(server_opens, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,name,email,team\nE1,Ann,ann@example.com,Claims\n")
    assert main(["import", "roster", SERVER, str(roster), "--dry-run"]) == 0
    assert main(["import", "roster", SERVER, str(roster)]) == 0
    assert [options for _address, options in server_opens] == [{"readonly": True}, {"readonly": False}]
    with Workspace.open(tmp_path / "server.tracker") as ws:
        assert ws.people.count() == 1


def test_a_bad_address_is_a_usage_error_naming_the_problem(capsys):
    with pytest.raises(SystemExit) as e:
        main(["rollout", "list", "postgresql://db.example.com/rollouts?sslmode=strict"])
    assert e.value.code == 2
    assert "sslmode 'strict' is not one of disable, allow, prefer, require, verify-ca, verify-full" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["encrypt", "rekey", "decrypt"])
def test_encryption_commands_refuse_a_server(command, capsys):
    assert main([command, SERVER]) == 2
    err = capsys.readouterr().err
    assert "encryption is for workspace files" in err and err.count("\n") == 1


def test_new_refuses_to_encrypt_a_server(capsys):
    assert main(["new", SERVER, "--encrypted"]) == 2
    assert "--encrypted is for workspace files" in capsys.readouterr().err


@pytest.mark.parametrize(("database", "user", "words"), [
    ("no_such_db", "tracker_test", "has no database 'no_such_db'"),
    ("postgres", "nobody_here", "has no user 'nobody_here'"),
])
def test_a_failed_connection_is_one_line_and_exit_3(pg_cluster, capsys, database, user, words):
    status = main(["rollout", "list", pg_cluster.url(database, user=user)])
    err = capsys.readouterr().err
    assert status == 3
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_unreachable_server_is_one_line_and_exit_3(tmp_path, capsys):
    status = main(["report", f"postgresql://tracker_test@/rollouts?host={tmp_path}&port=5999", "-o",
                   str(tmp_path / "r.xlsx")])
    err = capsys.readouterr().err
    assert status == 3
    assert f"The server at the socket in {tmp_path} cannot be reached" in err and err.count("\n") == 1


def test_push_refuses_a_server_holding_a_workspace_until_told_to_replace(server_opens, sample_copy, tmp_path, capsys):
    source = sample_copy(tmp_path / "org.tracker")
    assert main(["push", str(source), SERVER]) == 1
    err = capsys.readouterr().err
    assert "postgresql://ann@db.example.com/rollouts?sslmode=verify-full: The target already holds a workspace" in err
    assert main(["push", str(source), SERVER, "--replace"]) == 0
    assert "Copied org.tracker to postgresql://ann@db.example.com/rollouts" in capsys.readouterr().out
    with Workspace.open_to_read(source) as pushed, Workspace.open_to_read(tmp_path / "server.tracker") as server:
        assert server.people.count() == pushed.people.count() > 0
        assert [r.name for r in server.rollouts.list()] == [r.name for r in pushed.rollouts.list()]


def test_pull_makes_a_new_file_and_never_replaces_one(server_opens, tmp_path, capsys):
    local = tmp_path / "local"
    assert main(["pull", SERVER, str(local)]) == 0
    assert server_opens[-1][1] == {"readonly": True}
    with Workspace.open_to_read(tmp_path / "local.tracker") as pulled:
        assert [r.name for r in pulled.rollouts.list()] == ["Claims triage assistant"]
    assert main(["pull", SERVER, str(tmp_path / "local.tracker")]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["push", "a.tracker", "b.tracker"], ["pull", "a.tracker", "b.tracker"]])
def test_push_and_pull_want_a_server_on_the_server_side(argv, capsys):
    assert main(argv) == 2
    assert "give a postgresql:// address" in capsys.readouterr().err


def test_new_makes_the_workspace_in_an_empty_database_once(pg_database, capsys):
    pytest.importorskip("tracker.store.engine.postgres_schema",
                        reason="the server's schema (engine/postgres_schema.py, issue 17) is not in this tree")
    assert main(["new", pg_database]) == 0
    assert capsys.readouterr().out == f"Shared workspace created at {parse_address(pg_database).display()}\n"
    assert main(["rollout", "list", pg_database]) == 0
    assert main(["new", pg_database]) == 2
    assert "already holds a workspace; open it, or choose another database" in capsys.readouterr().err


def test_a_password_in_the_address_serves_the_command_and_is_never_shown(server_opens, monkeypatch, capsys):
    from tracker.store.engine import credentials

    found_while_open = []
    opener = Workspace.open.__func__  # type: ignore[attr-defined]  # server_opens' stand-in

    def open_(cls, path, **options):
        found_while_open.append(credentials.find_password(parse_address(path)))
        return opener(cls, path, **options)

    monkeypatch.setattr(Workspace, "open", classmethod(open_))
    assert main(["rollout", "list", "postgresql://ann:s3cret@db.example.com/rollouts"]) == 0
    out, err = capsys.readouterr()
    assert "s3cret" not in out + err
    assert "a password written in the address can be seen by other users" in err
    [(address, _options)] = server_opens
    assert address.password is None  # the store is given the address without it ...
    assert [(f.password, f.source) for f in found_while_open] == [("s3cret", credentials.FROM_TYPED)]  # ... and uses it
    assert credentials.find_password(address).password is None  # forgotten when the command ended
