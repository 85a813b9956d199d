"""App sessions keep their own undo history: the versions this session made or opened.

``history`` is the undo stack (a JSON list of ``[version id, edited]`` pairs) and
``edited`` says whether the current version is an edit made in the session (rather
than a plan it opened). Sessions saved before this revision start with an empty
history: undo never walks into versions another session saved.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("history", sa.Text, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("edited", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("edited")
        batch.drop_column("history")
