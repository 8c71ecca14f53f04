"""document language, and events that are their report's sum

Issue 16 reads Arabic reports as well as English ones; the API and the exports say in
which language each source report was written, so a reader knows the quotes behind a
figure are Arabic (shown right to left). Reports stored before are English.

Issue 9: an event whose toll is the sum of its report's other events ("140 killed in
Hama and Homs") adds no figures; the flag is kept so that rebuilding an incident's
figures (after a merge) leaves it out as storing it did. Events stored before are not.

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
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("sum_of_others", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.drop_column("sum_of_others")
    with op.batch_alter_table("document") as batch:
        batch.drop_column("language")
