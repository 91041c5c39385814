#!/usr/bin/env python3
"""Run Rollout Tracker, or its tests, from a checkout. Standard library only.

    python3 run.py [ARGS...]        open the application (ARGS go to `python -m tracker`)
    python3 run.py test [ARGS...]   run the whole test suite on every core (ARGS go to pytest)

Each command installs what it needs: it creates `.venv` beside this file with the Python that
runs it (3.11 or newer) and runs `pip install -e .[test]` there when the venv is new or when
pyproject.toml changed since the last install (a hash of it is kept in .venv). On Linux it then
checks that Qt's system libraries are there and installs the missing ones where it may (as root,
or when the user says yes), else stops with the one command that installs them
(scripts/system_libraries.py). Then it runs the command with the venv's Python and returns its
exit status.
"""

# Keep this file free of syntax newer than Python 3.6, so that an older interpreter reaches
# the clear refusal below instead of a SyntaxError.

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

MIN_PYTHON = (3, 11)
ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
PYPROJECT = os.path.join(ROOT, "pyproject.toml")
STAMP = os.path.join(VENV, ".rollout-tracker-installed")
# Part of the stamp: change it when the install command below changes, to force a reinstall.
INSTALL_RECIPE = "pip install -e .[test] v1"
WINDOWS = os.name == "nt"


def say(message):
    sys.stderr.write("run.py: " + message + "\n")
    sys.stderr.flush()


def venv_python():
    if WINDOWS:
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def venv_version():
    """The Python version recorded in .venv/pyvenv.cfg, as a tuple, or None."""
    try:
        with open(os.path.join(VENV, "pyvenv.cfg"), encoding="utf-8") as cfg:
            for line in cfg:
                key, _, value = line.partition("=")
                if key.strip() in ("version", "version_info"):
                    return tuple(int(part) for part in value.strip().split(".")[:2])
    except (OSError, ValueError):
        pass
    return None


def wanted_stamp():
    with open(PYPROJECT, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return INSTALL_RECIPE + "\n" + digest + "\n"


def current_stamp():
    try:
        with open(STAMP, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def venv_usable():
    version = venv_version()
    return os.path.exists(venv_python()) and version is not None and version >= MIN_PYTHON


class InstallLock:
    """Serialises installs when several run.py start at once (e.g. app and tests)."""

    def __init__(self):
        key = hashlib.sha256(ROOT.encode("utf-8")).hexdigest()[:16]
        self.path = os.path.join(tempfile.gettempdir(), "rollout-tracker-install-" + key + ".lock")
        self.file = None

    def __enter__(self):
        self.file = open(self.path, "a+b")
        if WINDOWS:
            import msvcrt

            self.file.seek(0)
            try:
                msvcrt.locking(self.file.fileno(), msvcrt.LK_NBLCK, 1)
            except OSError:
                say("waiting for another run.py to finish installing...")
                while True:
                    try:
                        msvcrt.locking(self.file.fileno(), msvcrt.LK_LOCK, 1)
                        break
                    except OSError:
                        continue
        else:
            import fcntl

            try:
                fcntl.flock(self.file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                say("waiting for another run.py to finish installing...")
                fcntl.flock(self.file.fileno(), fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if WINDOWS:
            import msvcrt

            self.file.seek(0)
            try:
                msvcrt.locking(self.file.fileno(), msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
        self.file.close()  # closing also releases a POSIX flock
        return False


def create_venv():
    say("creating .venv with Python {}.{}.{} ({})".format(
        sys.version_info[0], sys.version_info[1], sys.version_info[2], sys.executable))
    cmd = [sys.executable, "-m", "venv"]
    if os.path.isdir(VENV):
        cmd.append("--clear")
    cmd.append(VENV)
    status = subprocess.call(cmd)
    if status != 0 or not os.path.exists(venv_python()):
        # Do not leave a half-made venv behind: the next run would mistake it for a good one.
        shutil.rmtree(VENV, ignore_errors=True)
        say("could not create .venv (exit status {}). On Debian/Ubuntu the system Python needs "
            "the python3-venv package (apt-get install python3-venv).".format(status))
        sys.exit(status or 1)


def pip_works():
    return subprocess.call(
        [venv_python(), "-m", "pip", "--version"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0


def is_noise(line):
    # pip warns once per package about configured local index folders that do not exist.
    return line.startswith("WARNING: Location 'file:") and "is ignored" in line


def run_pip(args):
    """pip in the venv, its output passed on (errors included) less the noise lines."""
    child = subprocess.Popen(
        [venv_python(), "-m", "pip"] + args, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for raw in iter(child.stdout.readline, b""):
        line = raw.decode("utf-8", "replace")
        if not is_noise(line):
            sys.stderr.write(line)
            sys.stderr.flush()
    child.stdout.close()
    return child.wait()


def ensure_installed():
    """Fast path: one small file read and compare. Installs only when needed."""
    stamp = wanted_stamp()
    if venv_usable() and current_stamp() == stamp:
        return
    with InstallLock():
        # Another run.py may have done the work while this one waited for the lock.
        if not venv_usable() or (current_stamp() is None and not pip_works()):
            create_venv()
        if current_stamp() == stamp:
            return
        try:
            os.remove(STAMP)
        except OSError:
            pass
        say("installing the project and its dependencies into .venv "
            "(new venv or pyproject.toml changed)...")
        status = run_pip(["install", "-q", "-e", ".[test]"])
        if status != 0:
            say("pip install failed (exit status {}); see the errors above. Fix them and run "
                "again; deleting .venv forces a clean install.".format(status))
            sys.exit(status)
        with open(STAMP, "w", encoding="utf-8") as f:
            f.write(stamp)
        say("install done")


def qt_ready(with_window):
    """Qt's system libraries are there (installed now where this process may), or one line
    says which command installs them (scripts/system_libraries.py)."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        import system_libraries
    finally:
        sys.path.pop(0)
    problem = system_libraries.ensure_qt_can_load(venv_python(), with_window)
    if problem:
        say(problem)
        return False
    return True


def absolutise_paths(args, base):
    """Make pytest path arguments given relative to `base` absolute (node ids keep their ::)."""
    result = []
    for arg in args:
        if not arg.startswith("-"):
            head, sep, tail = arg.partition("::")
            candidate = os.path.join(base, head)
            if head and not os.path.isabs(head) and os.path.exists(candidate):
                arg = os.path.abspath(candidate) + sep + tail
        result.append(arg)
    return result


def with_workers(args):
    """The tests on every core (pytest-xdist's `-n auto`: the whole suite takes half the time on
    two), unless the arguments choose the workers themselves (`-n 0` runs in this one process,
    as a debugger wants)."""
    chosen = any(a == "-n" or a.startswith(("-n", "--numprocesses", "--dist")) or a == "no:xdist"
                 for a in args)
    return args if chosen else ["-n", "auto"] + args


def run(cmd, env):
    sys.stdout.flush()
    sys.stderr.flush()
    if not WINDOWS:
        os.execve(cmd[0], cmd, env)  # replaces this process: exit status and signals pass through
    # Windows has no real exec: run the child and hand back its status.
    child = subprocess.Popen(cmd, env=env)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue  # the child got the Ctrl+C too; let it decide how to end


def main(argv):
    if sys.version_info < MIN_PYTHON:
        say("Rollout Tracker needs Python {}.{} or newer; this is Python {}.{} ({}). "
            "Run run.py with a newer python3.".format(
                MIN_PYTHON[0], MIN_PYTHON[1], sys.version_info[0], sys.version_info[1],
                sys.executable))
        return 1
    ensure_installed()
    testing = argv[:1] == ["test"]
    if not qt_ready(with_window=not testing and os.environ.get("QT_QPA_PLATFORM") != "offscreen"):
        return 1
    env = dict(os.environ)
    if testing:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        args = argv[1:]
        here = os.getcwd()
        if os.path.normcase(os.path.abspath(here)) != os.path.normcase(ROOT):
            # pytest reads its settings (testpaths, markers, qt_api) from pyproject.toml here.
            args = absolutise_paths(args, here)
            os.chdir(ROOT)
        cmd = [venv_python(), "-m", "pytest"] + with_workers(args)
    else:
        cmd = [venv_python(), "-m", "tracker"] + argv
    return run(cmd, env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
