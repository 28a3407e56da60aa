"""wrong sign-in tokens, counted in the store so that every worker counts the same ones

Revision ID: 0004_sign_in_attempts
Revises: 0003_matter_lifecycle

Only its own table, so it sits beside any other migration that also follows 0003 (the store
upgrades to every head).
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_sign_in_attempts"
down_revision = "0003_matter_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client", sa.String(100), nullable=False, index=True),
        sa.Column("at", sa.Float(), nullable=False, index=True),  # seconds since the epoch
    )


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
