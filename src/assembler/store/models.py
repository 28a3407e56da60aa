"""The workbench's tables: matters, their versions (each a whole term sheet), and the audit log."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint,
                        false)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Matter(Base):
    """A deal: a name and its versions."""
    __tablename__ = "matters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    copied_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    versions: Mapped[list["Version"]] = relationship(back_populates="matter", order_by="Version.number")


class Version(Base):
    """One saved term sheet. Versions are never changed: every save adds one."""
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("matter_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    termsheet: Mapped[str] = mapped_column(Text)          # the term sheet's YAML, as saved
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    matter: Mapped[Matter] = relationship(back_populates="versions")


class AuditEntry(Base):
    """A document the workbench generated, by its SHA-256: which matter and version, who, when."""
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class MatterEvent(Base):
    """Something done to a matter rather than to its term sheet: renamed, archived, copied."""
    __tablename__ = "matter_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    what: Mapped[str] = mapped_column(String(1000))
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class WebSession(Base):
    """Made by migration 0003 for sessions kept in the database; no longer used (sessions are signed
    cookies, web.security, which need no row), kept so that the models and the migrations still agree."""
    __tablename__ = "web_sessions"
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    csrf: Mapped[str] = mapped_column(String(64))
    user: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class PreviewDraft(Base):
    """A preview drawn from unsaved edits, kept for the worker that serves its frame and findings."""
    __tablename__ = "previews"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    matter_id: Mapped[int] = mapped_column(Integer, index=True)
    document: Mapped[str] = mapped_column(String(200))
    termsheet: Mapped[str] = mapped_column(Text)
    html: Mapped[bytes] = mapped_column(LargeBinary)
    names: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class Draft(Base):
    """What one browser session typed into a matter's form and has not saved (migration 0002)."""
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("matter_id", "owner"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    owner: Mapped[str] = mapped_column(String(100))
    base_version: Mapped[int] = mapped_column(Integer)     # the version the edits started from
    termsheet: Mapped[str] = mapped_column(Text)           # the form's data as YAML, valid or not
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Secret(Base):
    """A named random value the workbench keeps across restarts (the session-signing key)."""
    __tablename__ = "secrets"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class MatterLibraryFile(Base):
    """One file of a matter's own library, the layer over the firm's that its documents are built
    with (clause text accepted from the other side's draft, a precedent imported for it). A version
    that changes the layer keeps all of it, from that version on (migration 0005)."""
    __tablename__ = "matter_library_files"
    __table_args__ = (UniqueConstraint("matter_id", "version", "path"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(500))        # relative, "/"-separated: overrides.yaml, rr.x.xml.j2
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class SignInAttempt(Base):
    """A sign-in with a token not yet known to be right, or known wrong (migration 0004): every worker
    counts the same ones, so the limit a minute holds however many workers serve."""
    __tablename__ = "sign_in_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch
