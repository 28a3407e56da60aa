"""Where the workbench keeps matters: SQLite in the workspace by default, or any database
SQLAlchemy reaches (a firm's PostgreSQL: ``postgresql+psycopg://user:pass@host/db``).

The schema is made and upgraded by Alembic's migrations (``migrations/``), run on opening.
"""
from __future__ import annotations

import getpass
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, delete, event, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .models import (AuditEntry, Draft, Matter, MatterEvent, MatterLibraryFile, PreviewDraft, Secret,
                     SignInAttempt, Version, now)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DATABASE = "assembler.db"


def default_url(workspace: str | Path) -> str:
    return f"sqlite:///{Path(workspace).resolve() / DATABASE}"


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (a container without a passwd entry)
        return "unknown"


def upgrade(engine) -> None:
    """Bring the database's schema up to the newest migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        # Every head: a migration that touches only its own tables may follow the same parent as another.
        command.upgrade(config, "heads")


@dataclass(frozen=True)
class VersionInfo:
    matter_id: int
    number: int
    termsheet: str
    author: str
    created_at: object


@dataclass(frozen=True)
class MatterInfo:
    id: int
    name: str
    versions: int
    updated_at: object
    archived: bool = False
    copied_from: int | None = None


PREVIEWS_KEPT = 20     # a matter's previews kept for their frames and findings; older ones go


def _sqlite_for_workers(engine) -> None:
    """SQLite for several workers: WAL (readers never wait for the writer), a writer waits for another
    rather than failing at once, and a transaction that will write takes the lock when it begins
    (a read that later writes could otherwise find the database changed under it, and fail)."""
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # BEGIN is ours, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        immediate = connection.get_execution_options().get("immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    def __init__(self, url: str):
        self.url = url
        self.engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            _sqlite_for_workers(self.engine)
        upgrade(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._writing = sessionmaker(self.engine.execution_options(immediate=True), expire_on_commit=False)

    def writing(self) -> Session:
        """A session for a transaction that writes (on SQLite it takes the write lock at once)."""
        return self._writing()

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._session()

    def create_matter(self, name: str, termsheet: str, author: str, library: dict[str, bytes] | None = None,
                      why: str = "") -> int:
        """A new matter, its version 1; with ``library``, its own library layer from version 1 on."""
        with self.writing() as session, session.begin():
            matter = Matter(name=name)
            session.add(matter)
            session.flush()
            session.add(Version(matter_id=matter.id, number=1, termsheet=termsheet, author=author))
            if library:
                self._keep_library(session, matter.id, 1, library, author, why)
            return matter.id

    def rename(self, matter_id: int, name: str) -> None:
        with self.writing() as session, session.begin():
            session.get_one(Matter, matter_id).name = name

    def matters(self, search: str = "", archived: bool | None = False, matter_id: int | None = None
                ) -> list[MatterInfo]:
        """The matters (not archived, unless asked), whose name or any version's term sheet holds
        ``search`` (any case)."""
        query = (select(Matter.id, Matter.name, func.count(Version.id), func.max(Version.created_at),
                        Matter.archived, Matter.copied_from)
                 .join(Version, Version.matter_id == Matter.id)
                 .group_by(Matter.id, Matter.name, Matter.archived, Matter.copied_from).order_by(Matter.id))
        if archived is not None:
            query = query.where(Matter.archived == archived)
        if matter_id is not None:
            query = query.where(Matter.id == matter_id)
        if search.strip():
            pattern = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            holding = select(Version.matter_id).where(Version.termsheet.ilike(pattern, escape="\\"))
            query = query.where(or_(Matter.name.ilike(pattern, escape="\\"), Matter.id.in_(holding)))
        with self.session() as session:
            return [MatterInfo(*row) for row in session.execute(query).all()]

    def matter(self, matter_id: int) -> MatterInfo | None:
        found = self.matters(archived=None, matter_id=matter_id)
        return found[0] if found else None

    # -- a matter's life: each step recorded, nothing deleted ----------------------------------

    def note(self, session: Session, matter_id: int, what: str, author: str) -> None:
        session.add(MatterEvent(matter_id=matter_id, what=what, author=author))

    def events(self, matter_id: int) -> list[MatterEvent]:
        with self.session() as session:
            return list(session.scalars(select(MatterEvent).where(MatterEvent.matter_id == matter_id)
                                        .order_by(MatterEvent.id)).all())

    def retitle(self, matter_id: int, name: str, author: str) -> None:
        """The lawyer's own name for the matter, recorded with the one it had."""
        with self.writing() as session, session.begin():
            matter = session.get_one(Matter, matter_id)
            if matter.name != name:
                self.note(session, matter_id, f"Renamed from \u201c{matter.name}\u201d to \u201c{name}\u201d", author)
                matter.name = name

    def archive(self, matter_id: int, archived: bool, author: str) -> None:
        """Out of the list of matters (or back in); its versions and audit trail stay as they are."""
        with self.writing() as session, session.begin():
            matter = session.get_one(Matter, matter_id)
            if matter.archived != archived:
                matter.archived = archived
                self.note(session, matter_id, "Archived" if archived else "Restored from the archive", author)

    def copy(self, matter_id: int, name: str, author: str) -> int:
        """A new matter starting from this one's latest term sheet: its version 1, nothing else."""
        latest = self.version(matter_id)
        layer = self.library(matter_id)
        with self.writing() as session, session.begin():
            matter = Matter(name=name, copied_from=matter_id)
            session.add(matter)
            session.flush()
            session.add(Version(matter_id=matter.id, number=1, termsheet=latest.termsheet, author=author))
            if layer:  # its documents read as the copied matter's do: the layer comes too
                self._keep_library(session, matter.id, 1, layer, author,
                                   f"copied from matter {matter_id}, version {latest.number}")
            self.note(session, matter.id, f"Started as a copy of matter {matter_id}, version {latest.number}", author)
            self.note(session, matter_id, f"Copied as the start of matter {matter.id}", author)
            return matter.id

    # -- what every worker must see: previews (sessions are signed cookies, see web.security) ----

    def keep_preview(self, key: str, matter_id: int, document: str, termsheet: str, html: bytes,
                     names: list[str]) -> None:
        with self.writing() as session, session.begin():
            session.add(PreviewDraft(key=key, matter_id=matter_id, document=document, termsheet=termsheet,
                                     html=html, names="\n".join(sorted(names))))
            kept = select(PreviewDraft.key).where(PreviewDraft.matter_id == matter_id) \
                .order_by(PreviewDraft.created_at.desc(), PreviewDraft.key).limit(PREVIEWS_KEPT)
            session.execute(delete(PreviewDraft).where(PreviewDraft.matter_id == matter_id,
                                                       PreviewDraft.key.not_in(kept.scalar_subquery())))

    def preview(self, matter_id: int, key: str) -> PreviewDraft | None:
        with self.session() as session:
            found = session.get(PreviewDraft, key)
            return found if found is not None and found.matter_id == matter_id else None

    def latest_preview_key(self, matter_id: int) -> str:
        with self.session() as session:
            return session.scalar(select(PreviewDraft.key).where(PreviewDraft.matter_id == matter_id)
                                  .order_by(PreviewDraft.created_at.desc()).limit(1)) or ""

    def save(self, matter_id: int, termsheet: str, author: str, based_on: int | None = None,
             library: dict[str, bytes] | None = None, why: str = "") -> int:
        """A new version; its number is one more than the last. Returns the number. With ``library``,
        the matter's library layer from this version on (in the same transaction: both or neither).

        ``based_on``: the version the edits started from. If another version was saved since, nothing
        is saved and ``Conflict`` says which is now the latest (checked under the matter's lock, so two
        saves from the same version cannot both pass)."""
        with self.writing() as session, session.begin():
            # Lock the matter's row so two saves at once cannot take the same number (PostgreSQL);
            # SQLite serialises writers anyway.
            session.execute(select(Matter).where(Matter.id == matter_id).with_for_update()).scalar_one()
            last = session.execute(select(func.max(Version.number)).where(Version.matter_id == matter_id)).scalar()
            if based_on is not None and based_on != (last or 0):
                raise Conflict(last or 0)
            number = (last or 0) + 1
            session.add(Version(matter_id=matter_id, number=number, termsheet=termsheet, author=author))
            if library is not None:
                self._keep_library(session, matter_id, number, library, author, why)
            return number

    # -- a matter's own library (migration 0005) ------------------------------------------------

    def _keep_library(self, session: Session, matter_id: int, number: int, files: dict[str, bytes],
                      author: str, why: str) -> None:
        for path, content in sorted(files.items()):
            session.add(MatterLibraryFile(matter_id=matter_id, version=number, path=library_path(path),
                                          content=content, sha256=hashlib.sha256(content).hexdigest(),
                                          author=author))
        listed = ", ".join(sorted(files)) or "no file"
        self.note(session, matter_id, f"Version {number}: the matter's library is now {listed}"
                  + (f" ({why})" if why else ""), author)

    def library_version(self, matter_id: int, number: int | None = None) -> int | None:
        """The version whose layer version ``number`` (the latest, if None) is built with."""
        query = select(func.max(MatterLibraryFile.version)).where(MatterLibraryFile.matter_id == matter_id)
        if number is not None:
            query = query.where(MatterLibraryFile.version <= number)
        with self.session() as session:
            return session.execute(query).scalar()

    def library(self, matter_id: int, number: int | None = None) -> dict[str, bytes]:
        """The matter's library layer as version ``number`` (the latest, if None) has it: path → bytes;
        empty when the matter builds with the firm's library alone."""
        found = self.library_version(matter_id, number)
        if found is None:
            return {}
        with self.session() as session:
            rows = session.scalars(select(MatterLibraryFile).where(MatterLibraryFile.matter_id == matter_id,
                                                                   MatterLibraryFile.version == found)
                                   .order_by(MatterLibraryFile.path)).all()
            return {row.path: row.content for row in rows}

    def versions(self, matter_id: int) -> list[VersionInfo]:
        with self.session() as session:
            rows = session.scalars(select(Version).where(Version.matter_id == matter_id)
                                   .order_by(Version.number)).all()
            return [_info(v) for v in rows]

    def version(self, matter_id: int, number: int | None = None) -> VersionInfo | None:
        """Version ``number`` of the matter, or its latest."""
        with self.session() as session:
            query = select(Version).where(Version.matter_id == matter_id)
            query = (query.where(Version.number == number) if number is not None
                     else query.order_by(Version.number.desc()).limit(1))
            found = session.scalars(query).first()
            return _info(found) if found else None

    def log(self, matter_id: int, version: int, filename: str, data: bytes, author: str) -> str:
        """Record a generated document; returns its SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        with self.writing() as session, session.begin():
            session.add(AuditEntry(matter_id=matter_id, version=version, filename=filename, sha256=digest,
                                   size=len(data), author=author))
        return digest

    def audit(self, matter_id: int) -> list[AuditEntry]:
        with self.session() as session:
            return list(session.scalars(select(AuditEntry).where(AuditEntry.matter_id == matter_id)
                                        .order_by(AuditEntry.id)).all())


    # -- drafts and the secret (migration 0002) ----------------------------------------------

    def keep_draft(self, matter_id: int, owner: str, base_version: int, termsheet: str) -> None:
        """Keep (or replace) what ``owner`` has typed into the matter's form and not saved."""
        with self.writing() as session, session.begin():
            found = session.scalars(select(Draft).where(Draft.matter_id == matter_id, Draft.owner == owner)).first()
            if found is None:
                session.add(Draft(matter_id=matter_id, owner=owner, base_version=base_version, termsheet=termsheet))
            else:
                found.base_version, found.termsheet, found.updated_at = base_version, termsheet, now()

    def draft(self, matter_id: int, owner: str) -> DraftInfo | None:
        with self.session() as session:
            found = session.scalars(select(Draft).where(Draft.matter_id == matter_id, Draft.owner == owner)).first()
            return DraftInfo(found.base_version, found.termsheet, found.updated_at) if found else None

    def drop_draft(self, matter_id: int, owner: str) -> None:
        with self.writing() as session, session.begin():
            session.execute(delete(Draft).where(Draft.matter_id == matter_id, Draft.owner == owner))

    def secret(self, name: str = "session") -> str:
        """A random value made the first time it is asked for and the same ever after (every worker
        and every restart of this workspace's store reads the same one)."""
        with self.session() as session, session.begin():
            found = session.get(Secret, name)
            if found is not None:
                return found.value
        try:
            with self.writing() as session, session.begin():
                session.add(Secret(name=name, value=secrets.token_urlsafe(48)))
        except IntegrityError:  # another worker made it first: theirs stands
            pass
        with self.session() as session:
            return session.get_one(Secret, name).value


    # -- wrong sign-in tokens, counted here so that every worker counts the same (migration 0004) --

    def begin_sign_in(self, client: str, at: float, window: float, limit: int) -> tuple[int, int] | None:
        """Count a sign-in attempt from ``client`` before its token is checked: the attempt's id and
        how many before it in the last ``window`` seconds, or None if ``limit`` are there already.

        Counting first (and forgetting the attempt if the token was right) means that guesses sent
        at once, to several workers, cannot all pass the count before any is known to be wrong. The
        count and the insert are one transaction that no other sign-in runs beside: SQLite takes its
        write lock at BEGIN, PostgreSQL takes a lock kept for sign-ins until the commit."""
        client = client[:100]
        with self.writing() as session, session.begin():
            if self.engine.dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SIGN_IN_LOCK})
            session.execute(delete(SignInAttempt).where(SignInAttempt.at < at - window))
            before = session.scalar(select(func.count(SignInAttempt.id))
                                    .where(SignInAttempt.client == client, SignInAttempt.at >= at - window))
            if before >= limit:
                return None
            attempt = SignInAttempt(client=client, at=at)
            session.add(attempt)
            session.flush()
            return attempt.id, before

    def forget_sign_in(self, attempt: int) -> None:
        """The attempt's token was right: it is not counted against its address."""
        with self.writing() as session, session.begin():
            session.execute(delete(SignInAttempt).where(SignInAttempt.id == attempt))


SIGN_IN_LOCK = 0x5167_6E49  # PostgreSQL's advisory lock for counting sign-ins ("SgnI")


class Conflict(Exception):
    """A save based on a version that is no longer the latest."""

    def __init__(self, latest: int):
        super().__init__(f"version {latest} was saved since")
        self.latest = latest


@dataclass(frozen=True)
class DraftInfo:
    base_version: int
    termsheet: str
    updated_at: object


def library_path(path: str) -> str:
    """A layer file's path as kept: relative, "/"-separated, no "..": it is written under a folder."""
    parts = path.replace("\\", "/").split("/")
    if not path or path.startswith("/") or any(part in ("", ".", "..") for part in parts) or ":" in path:
        raise ValueError(f"a matter library's file must have a plain relative path, not {path!r}")
    return "/".join(parts)


def _info(version: Version) -> VersionInfo:
    return VersionInfo(version.matter_id, version.number, version.termsheet, version.author, version.created_at)
