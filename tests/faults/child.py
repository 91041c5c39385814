"""The work a fault test kills: run as `python child.py MODE WORKSPACE ARG...` in its own process.

Each mode prints a line only after the step it names has returned, so the parent knows exactly
what the program reported as done when the SIGKILL arrived.
    import WORKSPACE ROSTER.csv      preview + apply a full roster; prints "applied"
    edits WORKSPACE START            adds teams F<START>, F<START+1>, ...; prints each number
    export WORKSPACE REPORT.xlsx     writes the status workbook over REPORT.xlsx; prints "saving"
                                     when it starts writing the file, "written" when done
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(mode: str, workspace: str, arg: str) -> None:
    from tracker.store import Workspace

    ws = Workspace.open(Path(workspace), create=False)
    print("open", flush=True)
    if mode == "import":
        from tracker.services.roster_import import apply_roster, preview_roster

        preview = preview_roster(ws, Path(arg))
        assert preview.ok, preview.report()
        apply_roster(ws, preview)
        print("applied", flush=True)
    elif mode == "edits":
        number = int(arg)
        while True:
            ws.teams.create(f"F{number}")
            print(number, flush=True)
            number += 1
    elif mode == "export":
        from tracker.reports.status_workbook import write_status_report

        def progress(percent: int, _text: str) -> None:
            if percent == 95:  # the workbook is built; saving (the temporary file) starts now
                print("saving", flush=True)

        write_status_report(ws, Path(arg), progress=progress)
        print("written", flush=True)
    ws.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
