"""country and conflict: each event's country and conflict, each incident's conflict

Issue 10 reads reports of any war, each with the conflict pack chosen for it
(``Report.conflict``) and the country of its main event (``Report.country``); tallies,
exports and the dashboard filter by both. An incident already had a country (its
place's); it now keeps its conflict too, and both get an index with the date, as
admin1 has.

Stored events take the country of their first place that has one; an incident without a
country takes its first event's that has one. Conflicts were not recorded before this
revision, so they stay unknown.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("country", sa.String(length=2), nullable=True))
        batch.add_column(sa.Column("conflict", sa.String(length=80), nullable=True))
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("conflict", sa.String(length=80), nullable=True))
        batch.create_index("ix_incident_country_date", ["country", "date"])
        batch.create_index("ix_incident_conflict_date", ["conflict", "date"])
    op.execute(
        "UPDATE event SET country = (SELECT p.country FROM event_place p"
        " WHERE p.event_id = event.id AND p.country IS NOT NULL ORDER BY p.span_start LIMIT 1)"
    )
    op.execute(
        "UPDATE incident SET country = (SELECT e.country FROM event e"
        " WHERE e.incident_id = incident.id AND e.country IS NOT NULL ORDER BY e.id LIMIT 1) WHERE country IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.drop_index("ix_incident_conflict_date")
        batch.drop_index("ix_incident_country_date")
        batch.drop_column("conflict")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("conflict")
        batch.drop_column("country")
