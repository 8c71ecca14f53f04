"""incident sources: each source's latest figures per incident, and a (admin1, date) index

Reconciliation kept re-reading every claim of an incident whenever a report joined it,
so a much-reported incident grew dearer with each report. ``incident_source`` and
``incident_source_figure`` hold what the rules need instead (see
warmonitor.reconcile.figures). The governorate-and-date index serves the search for an
event's candidate incidents. The tables are filled from the claims already stored by
0004, which rebuilds every incident's figures under the rules of its time (a migration
does not call code written for a later schema).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_source",
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.UniqueConstraint("incident_id", "source"),
    )
    op.create_table(
        "incident_source_figure",
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("claim_ids", sa.Text(), nullable=False),
        sa.UniqueConstraint("incident_id", "source", "outcome", "category"),
    )
    with op.batch_alter_table("incident") as batch:
        batch.drop_index("ix_incident_admin1")
        batch.create_index("ix_incident_admin1_date", ["admin1", "date"])


def downgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.drop_index("ix_incident_admin1_date")
        batch.create_index("ix_incident_admin1", ["admin1"])
    op.drop_table("incident_source_figure")
    op.drop_table("incident_source")
