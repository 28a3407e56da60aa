"""unsaved edits kept as drafts, and the workspace's secret

Revision ID: 0002_drafts_and_secret
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_drafts_and_secret"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # What a lawyer typed and has not saved, per matter and browser session: kept in the store,
    # so a server restart (or a second worker) loses none of it.
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matters.id"), nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("termsheet", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("matter_id", "owner"),
    )
    # The key sessions and CSRF tokens are signed with: made once, so a form outlives a restart.
    op.create_table(
        "secrets",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("secrets")
    op.drop_table("drafts")
