"""alerts: what each alert rule sent for each incident

Issue 13 sends alerts (publish/alerts.py) once per incident and rule, and again only when
the incident's figures move past the rule from the figure last sent: so the store keeps,
per rule and incident, that figure and the last failure to retry.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_delivery",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rule", sa.String(length=200), nullable=False),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
        sa.Column("figure", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("failed_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.UniqueConstraint("rule", "incident_id"),
    )
    op.create_index("ix_alert_delivery_incident_id", "alert_delivery", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_alert_delivery_incident_id", table_name="alert_delivery")
    op.drop_table("alert_delivery")
