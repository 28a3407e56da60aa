"""``assembler serve``: check the options, make the app, run uvicorn."""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import AssemblerError
from .security import is_loopback


def token_from(token: str | None, password_file: Path | None) -> str | None:
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise AssemblerError(f"cannot be read: {exc.strerror}", file=str(password_file), field="--password-file")
        token = lines[0].strip() if lines else ""
        if not token:
            raise AssemblerError("is empty", file=str(password_file), field="--password-file",
                                 hint="put the access token on its first line")
    return token


CONFIG = "ASSEMBLER_SERVE_CONFIG"  # how the workers, started by uvicorn, learn the app's options


def from_environment():
    """The app for a worker process: the options ``main`` put in the environment."""
    from .app import create_app

    options = json.loads(os.environ[CONFIG])
    return create_app(options["workspace"], tuple(options["library"]), options["token"], options["database"],
                      local_only=options["local_only"])


def main(workspace: Path, host: str, port: int, library: tuple[Path, ...], token: str | None,
         password_file: Path | None, database: str | None, open_browser: bool = False, workers: int = 1) -> None:
    token = token_from(token, password_file)
    local = is_loopback(host)
    if not local and not token:
        raise AssemblerError(f"listening on {host} lets other machines in", field="--host",
                             hint="give --token or --password-file, or leave --host at 127.0.0.1")
    for folder in library:
        if not folder.is_dir():
            raise AssemblerError("is not a folder", file=str(folder), field="--library")
    import uvicorn

    from .app import create_app

    app = create_app(workspace, tuple(str(p) for p in library), token, database, local_only=local and not token)
    # Made here first: the database is brought up to date once, before any worker opens it.
    app.workbench.store.close()
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    print(f"assembler workbench: {url}  (workspace {Path(workspace).resolve()}; Ctrl-C stops it)", flush=True)
    if open_browser:
        import threading
        import webbrowser
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ[CONFIG] = json.dumps({"workspace": str(Path(workspace).resolve()), "token": token,
                                     "library": [str(p) for p in library], "database": database,
                                     "local_only": local and not token})
    uvicorn.run("assembler.web.serve:from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning")
