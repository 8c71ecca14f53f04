"""incident history, recalled incidents, and how a report's figures relate

- ``incident_history``: every change of an incident's toll with the report that caused it.
- ``incident.recalled``: an incident known only from later reports that recall it.
- ``claim.part_of_id`` / ``claim.beside_id``: a sub-count's total ("25 people, among them
  10 children") and a count told beside another ("23 soldiers as well as 32 rebels"), so
  that no figure of a report is subtracted from or added to another twice.
- ``claim.source``: whom the claim's sentence credits (a report may quote several).

The figures rules changed with this revision (categories that lose nothing), so every
incident's figures and history are rebuilt from the claims already stored.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in (
            "reports", "killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high", "civilians_killed",
        )),
    )
    op.create_index("ix_incident_history_incident_id", "incident_history", ["incident_id"])
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("recalled", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("part_of_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("beside_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("source", sa.Text(), nullable=True))
    from warmonitor.store.writer import rebuild_figures  # the rules live in one place

    rebuild_figures(op.get_bind(), flags_sums=False)  # the flag comes with 0008


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("source")
        batch.drop_column("beside_id")
        batch.drop_column("part_of_id")
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("recalled")
    op.drop_index("ix_incident_history_incident_id", "incident_history")
    op.drop_table("incident_history")
