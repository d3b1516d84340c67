"""The `kgqa` command's argument types and checks: each refuses a bad value with one line naming it and the
values it takes (argparse prints it and exits 2)."""

from __future__ import annotations

import argparse
import errno
import socket

from .errors import KgqaError

HOST_HINT = "use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface)"


def check_bindable(host: str, port: int) -> None:
    """Fail with a clear message, before the graph is loaded, if `host:port` cannot be served on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise KgqaError(f"cannot serve on host {host!r}: {exc.strerror}",
                        hint=HOST_HINT) from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # as uvicorn does, so a port left in TIME_WAIT by a previous server counts as free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except PermissionError as exc:
            raise KgqaError(f"not allowed to serve on port {port}: ports below 1024 need root",
                            hint="pick a port from 1024 to 65535, e.g. --port 8000") from exc
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise KgqaError(f"port {port} on {host} is already in use (another kgqa serve?)",
                                hint=f"stop the other server or pick a free port, e.g. --port {port + 1}") from exc
            raise KgqaError(f"cannot serve on {host}:{port}: {exc.strerror or exc}",
                            hint=HOST_HINT) from exc


def port_arg(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got {text!r}")
    return int(text)


def rate_arg(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a pass rate from 0 to 1 (e.g. 0.9 for 90 %), got {text!r}")
    return rate


def jobs_arg(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of worker processes (0: one per CPU), got {text!r}")
    return int(text)


def store_arg(text: str) -> str:
    from .stores import check

    try:
        return check(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def workers_arg(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 worker process, got {text!r}")
    return int(text)
