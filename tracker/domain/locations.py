"""Is this a safe place for a workspace file? A pure classifier, and one impure gatherer.

SQLite files get corrupted on network file systems (their locks do not work as SQLite needs,
and WAL needs shared memory on one machine) and in folders that a sync client copies while the
program writes (OneDrive, Dropbox, Google Drive, iCloud): see sqlite.org/howtocorrupt.html. The
app cannot stop people keeping a workspace there, but it can say so when they open or create
one. :func:`classify_location` decides from the path and the facts it is handed (platform, what
kind of drive a Windows drive letter is, the mount table), so every case is tested on any
machine; :func:`location_risk` gathers those facts from the running system.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import PurePath, PurePosixPath, PureWindowsPath

__all__ = [
    "NETWORK_FS_TYPES", "classify_location", "location_risk", "location_warning",
    "parse_mounts", "windows_drive_is_remote",
]

# /proc/mounts file system types that live on another machine. Any FUSE file system
# (fuse.sshfs, fuse.rclone, fuse.gvfsd-fuse, ...) counts as well: most are network or sync
# mounts, and none gives SQLite the locking it needs.
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "afs", "ncpfs", "9p",
    "davfs", "glusterfs", "ceph", "lustre",
})

# Folder names sync clients create, compared case-insensitively with each path component.
# OneDrive names its folder "OneDrive" or "OneDrive - Company"; macOS puts the newer clients
# under ~/Library/CloudStorage (OneDrive-Company, Dropbox, GoogleDrive-name@example.com).
_SYNC_EXACT = {
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
}
_SYNC_PREFIXES = (
    ("onedrive", "OneDrive"),
    ("dropbox (", "Dropbox"),  # "Dropbox (Company)" for team accounts
    ("googledrive-", "Google Drive"),
)

_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")  # how /proc/mounts writes spaces, tabs, "\\"

RemoteDrive = Callable[[str], bool]
Mount = tuple[str, str]  # (mount point, file system type)


def classify_location(path: str, *, windows: bool, drive_is_remote: RemoteDrive | None = None,
                      mounts: list[Mount] | None = None) -> str | None:
    """Why ``path`` is a risky place for a workspace, or None when it looks local.

    ``path`` should be absolute and resolved. ``windows`` says how to read it. On Windows,
    ``drive_is_remote("X:")`` tells whether a drive letter is a mapped network drive; elsewhere
    ``mounts`` is the mount table (see :func:`parse_mounts`). The reason completes the sentence
    "The workspace is ...".
    """
    pure: PurePath = PureWindowsPath(path) if windows else PurePosixPath(path)
    if windows:
        text = str(pure)
        if text.startswith("\\\\?\\UNC\\"):
            text = "\\\\" + text[len("\\\\?\\UNC\\"):]
            pure = PureWindowsPath(text)
        if text.startswith("\\\\") and not text.startswith("\\\\?\\"):
            return f"on the network share {pure.drive or text}"
        drive = pure.drive
        if drive and drive_is_remote is not None and drive_is_remote(drive):
            return f"on {drive}, a network drive"
    synced = _synced_folder(pure.parts)
    if synced is not None:
        return f"inside a {synced} folder, which is synced to the cloud"
    if not windows and mounts:
        mount = _mount_of(str(pure), mounts)
        if mount is not None:
            point, fstype = mount
            if fstype in NETWORK_FS_TYPES or fstype.startswith("fuse."):
                return f"on a network file system ({fstype} mounted at {point})"
    return None


def _synced_folder(parts: tuple[str, ...]) -> str | None:
    for part in parts[:-1]:  # the file's own name does not count
        folded = part.casefold()
        if folded in _SYNC_EXACT:
            return _SYNC_EXACT[folded]
        for prefix, service in _SYNC_PREFIXES:
            if folded.startswith(prefix):
                return service
    return None


def _mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount that holds ``path``: the longest mount point that is one of its parents."""
    best: Mount | None = None
    for point, fstype in mounts:
        prefix = point.rstrip("/") + "/"
        if (path == point or path.startswith(prefix) or point == "/") and (
                best is None or len(point) > len(best[0])):
            best = (point, fstype)
    return best


def parse_mounts(text: str) -> list[Mount]:
    """(mount point, type) pairs from /proc/mounts text; octal escapes like ``\\040`` undone."""
    found = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = _OCTAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), fields[1])
            found.append((point, fields[2]))
    return found


def windows_drive_is_remote(drive: str) -> bool:  # pragma: no cover - Windows only
    """True when ``drive`` ("X:") is a mapped network drive (GetDriveTypeW says DRIVE_REMOTE)."""
    import ctypes

    drive_remote = 4
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]  # on Windows only
    return bool(kernel32.GetDriveTypeW(drive.rstrip("\\") + "\\") == drive_remote)


def location_risk(path: str | os.PathLike[str]) -> str | None:
    """:func:`classify_location` for ``path`` on this machine (never raises)."""
    try:
        resolved = os.path.realpath(os.path.abspath(os.fspath(path)))
    except (OSError, ValueError):
        return None
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return classify_location(resolved, windows=True, drive_is_remote=windows_drive_is_remote)
    mounts: list[Mount] = []
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as f:
            mounts = parse_mounts(f.read())
    except OSError:
        pass  # macOS and others: the sync-folder test still applies
    return classify_location(resolved, windows=False, mounts=mounts)


def location_warning(name: str, reason: str) -> str:
    """The warning shown in the window and printed by the command line."""
    return (f"The workspace {name} is {reason}. Workspace files kept there can be damaged when "
            "two computers or a sync program touch them while they are open. Choose a local "
            "folder on this computer (one that is not synced) for the workspace, and keep "
            "copies of it elsewhere instead.")
