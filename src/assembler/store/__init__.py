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

from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .models import AuditEntry, Draft, Matter, Secret, Version, now

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
        command.upgrade(config, "head")


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


class Store:
    def __init__(self, url: str):
        self.url = url
        self.engine = create_engine(url, future=True)
        upgrade(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._session()

    def create_matter(self, name: str, termsheet: str, author: str) -> int:
        with self.session() as session, session.begin():
            matter = Matter(name=name)
            session.add(matter)
            session.flush()
            session.add(Version(matter_id=matter.id, number=1, termsheet=termsheet, author=author))
            return matter.id

    def rename(self, matter_id: int, name: str) -> None:
        with self.session() as session, session.begin():
            session.get_one(Matter, matter_id).name = name

    def matters(self) -> list[MatterInfo]:
        with self.session() as session:
            rows = session.execute(
                select(Matter.id, Matter.name, func.count(Version.id), func.max(Version.created_at))
                .join(Version, Version.matter_id == Matter.id).group_by(Matter.id, Matter.name)
                .order_by(Matter.id)).all()
            return [MatterInfo(*row) for row in rows]

    def matter(self, matter_id: int) -> MatterInfo | None:
        return next((m for m in self.matters() if m.id == matter_id), None)

    def save(self, matter_id: int, termsheet: str, author: str, based_on: int | None = None) -> int:
        """A new version; its number is one more than the last. Returns the number.

        ``based_on``: the version the edits started from. If another version was saved since, nothing
        is saved and ``Conflict`` says which is now the latest (checked under the matter's lock, so two
        saves from the same version cannot both pass)."""
        with self.session() as session, session.begin():
            # Lock the matter's row so two saves at once cannot take the same number (PostgreSQL);
            # SQLite serialises writers anyway.
            session.execute(select(Matter).where(Matter.id == matter_id).with_for_update()).scalar_one()
            last = session.execute(select(func.max(Version.number)).where(Version.matter_id == matter_id)).scalar()
            if based_on is not None and based_on != (last or 0):
                raise Conflict(last or 0)
            number = (last or 0) + 1
            session.add(Version(matter_id=matter_id, number=number, termsheet=termsheet, author=author))
            return number

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
        with self.session() as session, session.begin():
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
        with self.session() as session, session.begin():
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
        with self.session() as session, session.begin():
            session.execute(delete(Draft).where(Draft.matter_id == matter_id, Draft.owner == owner))

    def secret(self, name: str = "session") -> str:
        """A random value made the first time it is asked for and the same ever after (every worker
        and every restart of this workspace's store reads the same one)."""
        with self.session() as session, session.begin():
            found = session.get(Secret, name)
            if found is not None:
                return found.value
        try:
            with self.session() as session, session.begin():
                session.add(Secret(name=name, value=secrets.token_urlsafe(48)))
        except IntegrityError:  # another worker made it first: theirs stands
            pass
        with self.session() as session:
            return session.get_one(Secret, name).value


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


def _info(version: Version) -> VersionInfo:
    return VersionInfo(version.matter_id, version.number, version.termsheet, version.author, version.created_at)
