"""A real, throw-away PostgreSQL server for the tracker tests (Debian's package, no mocks).

The Makefile's ``postgres`` target installs the package on a fresh machine; this module starts a
private cluster in a temporary directory on a free port and stops it afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "PostgreSQL server binaries not found: run `make postgres` (Debian package postgresql)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(password: str | None = None) -> Iterator[str]:
    """Start a private PostgreSQL server; yield its SQLAlchemy URL; stop it afterwards.

    With ``password``, the server asks for it (scram-sha-256) and the URL carries none: the
    client must find it the way libpq does (``PGPASSWORD``, the password file, a service file).
    """
    bin_dir = _binaries()
    as_user: list[str] = []
    root = tempfile.mkdtemp(prefix="placement-pg-")
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the package's user
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    data = Path(root) / "data"
    port = _free_port()
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres"]
    if password is None:
        initdb += ["-A", "trust"]
    else:
        secret = Path(root) / "pwfile"
        secret.write_text(password + "\n", encoding="utf-8")
        if os.geteuid() == 0:
            shutil.chown(secret, "postgres")
        initdb += ["-A", "scram-sha-256", "--pwfile", str(secret)]
    subprocess.run([*as_user, *initdb], check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=on"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(Path(root) / "log")]
    subprocess.run(
        [*as_user, *pg_ctl, "-o", options, "-w", "start"], check=True, capture_output=True
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)
