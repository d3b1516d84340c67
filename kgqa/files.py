"""Writing a file without destroying one: `kgqa build --out`, `kgqa export --out` and the graph cache.

`write_atomic` writes a temporary file in the target's folder and renames it over the target, so a reader
sees the previous file or the new one, never half of one. Beyond that it

- writes *through* a symbolic link: the file the link points to is replaced, and the link stays a link;
- refuses a folder, a device (`/dev/null`), a named pipe, a socket or any other special file, touching
  nothing: renaming a regular file over one of those would replace it (as root, `--out /dev/null` did);
- removes the temporary file when the write fails or is interrupted. SIGINT already raises
  KeyboardInterrupt; while the file is written, SIGTERM and SIGHUP (whose default is to kill the process on
  the spot, skipping any clean-up) raise `Interrupted` instead, when nothing else has claimed them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from .errors import GraphError, Interrupted

#: signals turned into an exception while a file is written (those that exist on this platform)
SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
#: the mode of a new file (mkstemp's private 0600 is kept for nobody); a replaced file keeps its own
NEW_FILE_MODE = 0o644
REFUSED_HINT = "give the name of a regular file (or of a symbolic link to one), e.g. --out graph.ttl"

_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words: 'a character device', 'a named pipe (FIFO)'..."""
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def writable_target(path: Path) -> Path:
    """The regular file that writing `path` replaces or creates: `path`, or where its symbolic link points.

    Raises GraphError, touching nothing, when that is a folder or a special file (device, FIFO, socket).
    """
    path = Path(path)
    target = path
    if path.is_symlink():
        try:
            target = path.resolve()
        except (OSError, RuntimeError) as exc:  # a loop of links: RuntimeError before Python 3.13
            raise GraphError(f"cannot write {path}: the symbolic link cannot be followed ({exc})",
                             hint=REFUSED_HINT) from exc
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise GraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    if stat.S_ISREG(mode):
        return target
    via = f" (a symbolic link to {target})" if target != path else ""
    if stat.S_ISDIR(mode):
        raise GraphError(f"{path}{via} is a folder: give a file name, e.g. {path / 'graph.ttl'}")
    raise GraphError(f"refusing to write {path}{via}: it is {file_kind(mode)}, not a regular file",
                     hint=REFUSED_HINT)


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """While in the block, SIGINT/SIGTERM/SIGHUP left at their default action raise `Interrupted`,
    so `finally` blocks run. Handlers installed by others (uvicorn's, Python's SIGINT handler) are kept;
    outside the main thread, where handlers cannot be set, nothing changes."""
    previous: dict[signal.Signals, object] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in SIGNALS:
            if signal.getsignal(sig) == signal.SIG_DFL:
                previous[sig] = signal.signal(sig, _raise)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold signals back for a moment (delivered on leaving), so no signal falls between creating the
    temporary file and remembering its name."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = block(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write `data` (str as UTF-8) to `path` through a temporary file, so readers never see a half-written
    file; through a symbolic link to the file it points to. Returns `path`.

    Raises GraphError when `path` is a folder or a special file (nothing is touched) or cannot be written
    (a previous file is left as it was). No temporary file is left behind on an error, Ctrl-C or SIGTERM.
    """
    path = Path(path)
    target = writable_target(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    with signals_raise():
        try:
            if target == path:  # not through a link: make the folder named, as for any new file
                target.parent.mkdir(parents=True, exist_ok=True)
            with _signals_blocked():
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                try:
                    mode = os.stat(target).st_mode & 0o777
                except FileNotFoundError:
                    mode = NEW_FILE_MODE
                os.chmod(tmp, mode)
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())  # on disk before the rename: a crash cannot leave an empty file
            os.replace(tmp, target)
            tmp = None
        except OSError as exc:
            via = f" (a symbolic link to {target})" if target != path else ""
            raise GraphError(f"cannot write {path}{via}: {exc.strerror or exc}") from exc
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    return path
