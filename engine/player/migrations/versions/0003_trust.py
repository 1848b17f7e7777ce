"""session versions, one time clock per learner, stored grades, kept certificate PDFs

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("time_credited_until", sa.DateTime(), nullable=True))
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grade", sa.JSON(), nullable=True))
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("pdf")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("grade")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("time_credited_until")
        batch_op.drop_column("session_version")
