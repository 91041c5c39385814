"""The workspace location classifier: network shares, mapped drives, synced folders, mounts."""

from __future__ import annotations

import pytest

from tracker.domain.locations import (
    classify_location,
    location_risk,
    location_warning,
    parse_mounts,
)

MOUNTS = parse_mounts(
    "/dev/sda1 / ext4 rw,relatime 0 0\n"
    "server:/export /mnt/team nfs4 rw 0 0\n"
    "//nas/share /mnt/my\\040share cifs rw 0 0\n"
    "me@host:/ /home/me/remote fuse.sshfs rw 0 0\n"
    "tmpfs /home/me/remote/cache tmpfs rw 0 0\n"
    "/dev/sdb1 /mnt/teamwork ext4 rw 0 0\n"
)


def win(path, remote=()):
    return classify_location(path, windows=True, drive_is_remote=lambda d: d.upper() in remote)


def posix(path, mounts=MOUNTS):
    return classify_location(path, windows=False, mounts=mounts)


@pytest.mark.parametrize("path", [r"\\server\share\hr\org.tracker", "//server/share/org.tracker",
                                  r"\\?\UNC\server\share\org.tracker"])
def test_unc_paths_are_network_shares(path):
    reason = win(path)
    assert reason is not None and "network share" in reason
    assert "server" in reason and "share" in reason


def test_mapped_network_drive_is_asked_of_the_injected_check():
    asked = []

    def remote(drive):
        asked.append(drive)
        return drive == "H:"

    assert classify_location(r"H:\org.tracker", windows=True, drive_is_remote=remote) == \
        "on H:, a network drive"
    assert classify_location(r"C:\Work\org.tracker", windows=True, drive_is_remote=remote) is None
    assert asked == ["H:", "C:"]


@pytest.mark.parametrize("path, service", [
    (r"C:\Users\ann\OneDrive\Documents\org.tracker", "OneDrive"),
    (r"C:\Users\ann\OneDrive - Contoso Ltd\org.tracker", "OneDrive"),
    (r"D:\Dropbox\org.tracker", "Dropbox"),
    (r"C:\Users\ann\Dropbox (Contoso)\org.tracker", "Dropbox"),
    (r"G:\My Drive\org.tracker", "Google Drive"),
    (r"C:\Users\ann\Google Drive\org.tracker", "Google Drive"),
    (r"C:\Users\ann\iCloudDrive\org.tracker", "iCloud Drive"),
])
def test_synced_folders_on_windows(path, service):
    assert win(path) == f"inside a {service} folder, which is synced to the cloud"


@pytest.mark.parametrize("path, service", [
    ("/Users/ann/Library/CloudStorage/OneDrive-Contoso/org.tracker", "OneDrive"),
    ("/Users/ann/Library/CloudStorage/GoogleDrive-ann@example.com/My Drive/org.tracker",
     "Google Drive"),
    ("/Users/ann/Library/Mobile Documents/com~apple~CloudDocs/org.tracker", "iCloud Drive"),
    ("/home/ann/Dropbox/hr/org.tracker", "Dropbox"),
    ("/home/ann/dropbox/org.tracker", "Dropbox"),
])
def test_synced_folders_elsewhere(path, service):
    assert posix(path, []) == f"inside a {service} folder, which is synced to the cloud"


@pytest.mark.parametrize("path", [
    r"C:\Users\ann\Documents\org.tracker", r"D:\Data\Dropboxes-old\org.tracker",
    r"C:\Users\ann\Documents\OneDrive.tracker",  # the file's own name is not a folder
])
def test_local_windows_paths(path):
    assert win(path, remote={"H:"}) is None


@pytest.mark.parametrize("path, fstype, point", [
    ("/mnt/team/hr/org.tracker", "nfs4", "/mnt/team"),
    ("/mnt/my share/org.tracker", "cifs", "/mnt/my share"),
    ("/home/me/remote/org.tracker", "fuse.sshfs", "/home/me/remote"),
])
def test_network_mounts_by_file_system_type(path, fstype, point):
    assert posix(path) == f"on a network file system ({fstype} mounted at {point})"


@pytest.mark.parametrize("path", [
    "/home/me/org.tracker",
    "/mnt/teamwork/org.tracker",  # /mnt/team is a network mount; /mnt/teamwork is not in it
    "/home/me/remote/cache/org.tracker",  # the deepest mount decides: a local tmpfs
])
def test_local_mounts(path):
    assert posix(path) is None


def test_windows_rules_do_not_apply_to_posix_paths():
    assert posix("//server/share/org.tracker", []) is None


def test_location_risk_on_this_machine_is_none_for_a_temporary_folder(tmp_path):
    assert location_risk(tmp_path / "org.tracker") is None


def test_warning_names_the_file_the_reason_and_the_advice():
    text = location_warning("org.tracker", "on H:, a network drive")
    assert text.startswith("The workspace org.tracker is on H:, a network drive.")
    assert "local folder" in text
