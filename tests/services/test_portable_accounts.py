"""The portable workbook carries people's hire and termination dates and their accounts; a
pseudonymised export leaves the accounts out (a UPN names its holder)."""

from __future__ import annotations

from tracker.services.portable_export import collect, export_workbook
from tracker.services.portable_import import apply_portable, preview_portable
from tracker.store import Workspace


def test_accounts_and_roster_dates_survive_the_round_trip(org, tmp_path):
    ws = org["ws"]
    with ws.write("Dates") as w:
        w.update("people", org["ann"], {"hire_date": "2019-11-02", "termination_date": "2026-12-31"})
    ws.accounts.link("upn", [(org["ann"], "Ann@Contoso.com"), (org["bob"], "bob@contoso.com")], "UPNs")
    ws.accounts.link("github", [(org["bob"], "bob-gh")], "Logins")
    out = tmp_path / "all.xlsx"
    export_workbook(ws, out)
    with Workspace.open(tmp_path / "copy.tracker") as copy:
        preview = preview_portable(copy, out)
        assert preview.ok, preview.report()
        apply_portable(copy, preview)
        ann = copy.people.by_employee_id("E002")
        assert copy.query("SELECT hire_date, termination_date FROM people WHERE id = ?", (ann.id,))[0] == {
            "hire_date": "2019-11-02", "termination_date": "2026-12-31"}
        bob = copy.people.by_employee_id("E003")
        assert copy.accounts.person_ids("upn") == {"ann@contoso.com": ann.id, "bob@contoso.com": bob.id}
        assert copy.accounts.person_ids("github") == {"bob-gh": bob.id}
        again = preview_portable(copy, out)
        assert again.ok and not again.plan.has_changes  # the same workbook again changes nothing


def test_a_pseudonymised_export_has_no_accounts(org):
    org["ws"].accounts.link("upn", [(org["ann"], "ann@contoso.com")], "UPN")
    sheets = {part.sheet.name: part.rows for part in collect(org["ws"], pseudonymise=True)}
    assert sheets["accounts"] == []
    assert len({part.sheet.name: part.rows for part in collect(org["ws"])}["accounts"]) == 1
