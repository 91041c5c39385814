"""The system libraries Qt needs, found missing before the app or the tests start, and installed.

The PySide6 wheel brings Qt but not the libraries Qt loads from the system (EGL, xkbcommon,
fontconfig, the xcb family for a real window). On a fresh machine without them, `import
PySide6.QtGui` ends in "libEGL.so.1: cannot open shared object file". run.py (and so .ci/run,
which runs `python3 run.py test`) calls `ensure_qt_can_load()` first: `ldd` lists what the Qt
libraries and the platform plugin cannot find; those are installed with the distribution's
package manager when this process may (root, or the user says yes at a prompt), and otherwise
the command stops with one line naming the exact install command. This is the one list of
those packages; .ci/run installs only what CI alone needs (LibreOffice for the report check).

Standard library only, and no syntax newer than Python 3.6, like run.py.
"""

import os
import re
import shutil
import subprocess
import sys

# Library file -> (Debian/Ubuntu package, Fedora/RHEL package). "a|b": either Debian package
# (trixie and Ubuntu 24.04 renamed some libraries for 64-bit time_t).
LIBRARY_PACKAGES = {
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0t64|libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0t64|libglib2.0-0", "glib2"),
    "libgio-2.0.so.0": ("libglib2.0-0t64|libglib2.0-0", "glib2"),
    "libgobject-2.0.so.0": ("libglib2.0-0t64|libglib2.0-0", "glib2"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
}
# Text needs a font to have metrics; the offscreen platform finds none on a bare machine.
FONT_PACKAGES = ("fonts-dejavu-core", "dejavu-sans-fonts")
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts")

# The Qt libraries the app loads, and the platform plugins it may start with.
QT_LIBRARIES = ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6Svg.so.6",
                "libQt6DBus.so.6")
OFFSCREEN_PLUGIN = os.path.join("platforms", "libqoffscreen.so")
XCB_PLUGIN = os.path.join("platforms", "libqxcb.so")

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def say(message):
    sys.stderr.write("run.py: " + message + "\n")
    sys.stderr.flush()


def distribution():
    """'debian' (Debian, Ubuntu and their kin), 'fedora' (Fedora, RHEL, ...) or None."""
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            text = f.read().lower()
    except OSError:
        return None
    ids = " ".join(re.findall(r"^(?:id|id_like)=\"?([^\"\n]*)", text, re.MULTILINE))
    if any(word in ids.split() for word in ("debian", "ubuntu")):
        return "debian"
    if any(word in ids.split() for word in ("fedora", "rhel", "centos")):
        return "fedora"
    return None


def qt_folder(python):
    """The PySide6 wheel's Qt folder in the venv of `python`, found without importing Qt."""
    code = ("import importlib.util, os; s = importlib.util.find_spec('PySide6'); "
            "print(os.path.join(list(s.submodule_search_locations)[0], 'Qt') if s else '')")
    try:
        out = subprocess.check_output([python, "-c", code], stderr=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError):
        return None
    folder = out.decode("utf-8", "replace").strip()
    return folder if folder and os.path.isdir(folder) else None


def missing_libraries(qt, with_window):
    """Library files the Qt libraries (and the platform plugins) cannot find, per `ldd`."""
    files = [os.path.join(qt, "lib", name) for name in QT_LIBRARIES]
    files.append(os.path.join(qt, "plugins", OFFSCREEN_PLUGIN))
    if with_window:
        files.append(os.path.join(qt, "plugins", XCB_PLUGIN))
    missing = []
    for path in files:
        if not os.path.exists(path):
            continue
        try:
            out = subprocess.run(["ldd", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 env=dict(os.environ, LC_ALL="C")).stdout.decode("utf-8", "replace")
        except OSError:
            return []  # no ldd (not glibc): nothing to say; the import will tell
        for name in _NOT_FOUND.findall(out):
            if not name.startswith("libQt6") and name not in missing:
                missing.append(name)
    return missing


def has_fonts():
    for folder in FONT_FOLDERS:
        for _root, _dirs, files in os.walk(folder):
            if any(f.lower().endswith((".ttf", ".otf", ".pcf.gz", ".ttc")) for f in files):
                return True
    return False


def packages_for(libraries, fonts_missing, distro):
    """The packages to install, in a stable order; None for a library with no known package."""
    column = 1 if distro == "fedora" else 0
    packages = []
    unknown = []
    for name in libraries:
        entry = LIBRARY_PACKAGES.get(name)
        if entry is None:
            unknown.append(name)
        elif entry[column] not in packages:
            packages.append(entry[column])
    if fonts_missing:
        packages.append(FONT_PACKAGES[column])
    return packages, unknown


def _available(package):
    """The first of 'a|b' that apt knows (Debian names differ between releases)."""
    for name in package.split("|"):
        try:
            out = subprocess.run(["apt-cache", "policy", name], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
        except OSError:
            return package.split("|")[0]
        if re.search(r"Candidate: [^(\s]", out):
            return name
    return package.split("|")[-1]


def install_command(packages, distro):
    if distro == "fedora":
        return ["dnf", "install", "-y"] + packages
    return ["apt-get", "install", "-y", "--no-install-recommends"] + [p.split("|")[-1] for p in packages]


def shown(command, root):
    words = list(command)
    if not root:
        words = ["sudo"] + words
    return " ".join(words)


# Set by .ci/run: the answer to the prompt is "yes" (with sudo -n when not root), no terminal needed.
AGREED = "ROLLOUT_TRACKER_INSTALL_SYSTEM_PACKAGES"


def _ask(question):
    if os.environ.get(AGREED) == "1":
        return True
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    sys.stderr.write("run.py: " + question + " [y/N] ")
    sys.stderr.flush()
    try:
        return sys.stdin.readline().strip().lower() in ("y", "yes")
    except (OSError, KeyboardInterrupt):
        return False


def install(packages, distro, root):
    """Install with the package manager; True when it worked."""
    prefix = [] if root else (["sudo", "-n"] if os.environ.get(AGREED) == "1" else ["sudo"])
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if distro == "debian":
        chosen = [_available(p) for p in packages]
        say("apt-get update, then apt-get install " + " ".join(chosen))
        if subprocess.call(prefix + ["apt-get", "update", "-qq"], env=env, stdin=subprocess.DEVNULL) != 0:
            return False
        command = ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + chosen
    else:
        command = install_command(packages, distro)
        say(" ".join(command))
    return subprocess.call(prefix + command, env=env, stdin=subprocess.DEVNULL) == 0


def ensure_qt_can_load(python, with_window):
    """Return None when Qt can load (after installing what was missing, where allowed), or the
    one line to stop with."""
    if not sys.platform.startswith("linux"):
        return None
    qt = qt_folder(python)
    if qt is None:
        return None  # PySide6 not installed yet or elsewhere: pip's own errors come first
    libraries = missing_libraries(qt, with_window)
    fonts_missing = not has_fonts()
    if not libraries and not fonts_missing:
        return None
    distro = distribution()
    packages, unknown = packages_for(libraries, fonts_missing, distro)
    what = ", ".join(libraries + (["a font"] if fonts_missing else []))
    if distro is None or unknown or not packages:
        return (f"Qt cannot start: this machine lacks {what}; install those libraries with your "
                "package manager and run again.")
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    command = install_command(packages, distro)
    manager = command[0]
    if shutil.which(manager) and (root or (shutil.which("sudo") and _ask(
            f"Qt needs {what}; install them now with: {shown(command, root)}?"))):
        if install(packages, distro, root):
            left = missing_libraries(qt, with_window)
            if not left:
                return None
            return "Qt still cannot find {} after the install.".format(", ".join(left))
        return f"installing Qt's system libraries failed (see above); run: {shown(command, root)}"
    return f"Qt cannot start: this machine lacks {what}; install them with: {shown(command, root)}"
