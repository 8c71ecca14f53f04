"""incident totals: killed and injured (best, low, high) and civilians killed on the incident row

So that the API can filter and sort events by their toll with one indexed query.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TOTALS = ("killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high", "civilians_killed")


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        for name in TOTALS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
        batch.create_index("ix_incident_killed", ["killed"])
    figure = "SELECT coalesce(sum({column}), 0) FROM incident_figure f WHERE f.incident_id = incident.id AND {condition}"
    sums = {
        "killed": figure.format(column="best", condition="f.outcome = 'killed'"),
        "killed_low": figure.format(column="low", condition="f.outcome = 'killed'"),
        "killed_high": figure.format(column="high", condition="f.outcome = 'killed'"),
        "injured": figure.format(column="best", condition="f.outcome = 'injured'"),
        "injured_low": figure.format(column="low", condition="f.outcome = 'injured'"),
        "injured_high": figure.format(column="high", condition="f.outcome = 'injured'"),
        "civilians_killed": figure.format(column="best", condition="f.outcome = 'killed' AND f.category = 'civilians'"),
    }
    op.execute("UPDATE incident SET " + ", ".join(f"{name} = ({query})" for name, query in sums.items()))


def downgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.drop_index("ix_incident_killed")
        for name in TOTALS:
            batch.drop_column(name)
