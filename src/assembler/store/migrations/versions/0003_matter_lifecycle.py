"""a matter's life: archived or not, copied from which; what happened to it; sessions and previews
shared by every worker

Revision ID: 0003_matter_lifecycle
Revises: 0001

It touches only its own columns and tables, so it sits beside any other migration that also
follows 0001 (the store upgrades to every head).
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_matter_lifecycle"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("matters") as batch:
        batch.add_column(sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("copied_from", sa.Integer(), nullable=True))
    op.create_table(
        "matter_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matters.id"), nullable=False, index=True),
        sa.Column("what", sa.String(1000), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("sid", sa.String(64), primary_key=True),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("user", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "previews",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("matter_id", sa.Integer(), nullable=False, index=True),
        sa.Column("document", sa.String(200), nullable=False),
        sa.Column("termsheet", sa.Text(), nullable=False),
        sa.Column("html", sa.LargeBinary(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("previews")
    op.drop_table("web_sessions")
    op.drop_table("matter_events")
    with op.batch_alter_table("matters") as batch:
        batch.drop_column("copied_from")
        batch.drop_column("archived")
