"""a matter's own library: the files of a layer over the firm's library, kept by matter and version

Revision ID: 0005_matter_library
Revises: 0003_matter_lifecycle

Each version that changes the layer keeps the whole layer as it stands from that version on; a
version that does not change it builds with the layer of the last one that did. Nothing is
replaced or deleted, so any version's documents can be built again as they were. It touches only
its own table, so it sits beside any other migration that follows 0003 (the store upgrades to every head).
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_matter_library"
down_revision = "0003_matter_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "matter_library_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matters.id"), nullable=False, index=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("matter_id", "version", "path"),
    )


def downgrade() -> None:
    op.drop_table("matter_library_files")
