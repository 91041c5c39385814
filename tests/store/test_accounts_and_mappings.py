"""Accounts in other systems and saved column mappings, stored with undo."""

from __future__ import annotations

from tracker.domain.layouts import recognise


def test_accounts_link_match_case_insensitively_move_and_undo(org):
    ws = org["ws"]
    added, moved = ws.accounts.link("upn", [(org["ann"], "Ann@Contoso.com"), (org["bob"], "bob@contoso.com"),
                                            (org["bob"], "BOB@contoso.com")], "Link accounts")
    assert (added, moved) == (2, 0)
    assert ws.accounts.person_ids("upn") == {"ann@contoso.com": org["ann"], "bob@contoso.com": org["bob"]}
    assert ws.accounts.link("upn", [(org["ann"], "ann@contoso.com")], "Again") == (0, 0)
    assert ws.accounts.link("upn", [(org["cy"], "ANN@contoso.com")], "Move") == (0, 1)
    assert ws.accounts.person_ids("upn")["ann@contoso.com"] == org["cy"]
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert ws.accounts.person_ids("upn")["ann@contoso.com"] == org["ann"]
    assert ws.accounts.person_ids("github") == {}
    assert ws.accounts.systems() == {"upn": 2}


def test_a_saved_mapping_is_found_again_by_its_header_row_in_any_order(workspace):
    header = ["Personalnummer", "Name", "Abteilung"]
    workspace.import_mappings.save("HR export DE", "roster",
                                   {"employee_id": "personalnummer", "name": "name", "team": "abteilung"}, header)
    again = workspace.import_mappings.for_header(["Abteilung", "personalnummer", "NAME"], "roster")
    assert again is not None and again.title == "HR export DE"
    assert workspace.import_mappings.for_header(header + ["Extra"], "roster") is None
    found = recognise(header, [again])
    assert dict(found.column_of) == {"employee_id": "personalnummer", "name": "name", "team": "abteilung"}
    workspace.import_mappings.save("HR export DE", "roster",
                                   {"employee_id": "personalnummer", "name": "name", "team": "name"}, header)
    assert [m.title for m in workspace.import_mappings.list()] == ["HR export DE"]
    assert workspace.import_mappings.delete("hr export de") and workspace.import_mappings.list() == []
