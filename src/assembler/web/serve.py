"""``assembler serve``: check the options, make the app, run uvicorn."""
from __future__ import annotations

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


def main(workspace: Path, host: str, port: int, library: tuple[Path, ...], token: str | None,
         password_file: Path | None, database: str | None, open_browser: bool = False) -> None:
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
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    print(f"assembler workbench: {url}  (workspace {Path(workspace).resolve()}; Ctrl-C stops it)", flush=True)
    if open_browser:
        import threading
        import webbrowser
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
