"""document language: the language a report was read in

Issue 16 reads Arabic reports as well as English ones; the API and the exports say in
which language each source report was written, so a reader knows the quotes behind a
figure are Arabic (shown right to left). Reports stored before are English.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("language")
