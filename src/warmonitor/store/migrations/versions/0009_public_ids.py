"""public incident ids

Issue 14: an incident's row id depends on the order its store read the reports, so a
citation ("incident 96") named nothing outside that store. ``incident.public_id`` is made
from natural keys (store/public_id.py): the same incident gets the same id in any store
built from the same reports. Incidents stored before get theirs here.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("public_id", sa.String(length=10), nullable=True))
        batch.create_index("ix_incident_public_id", ["public_id"], unique=True)
    from warmonitor.store.public_id import assign_public_ids  # the rule lives in one place

    assign_public_ids(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.drop_index("ix_incident_public_id")
        batch.drop_column("public_id")
