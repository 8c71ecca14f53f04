"""watch state: each watched source's polling state, and every article URL seen

Issue 13: `warmonitor watch` polls sources for new articles. What it knows must survive
a restart or a ``kill -9`` without losing or doubling a report, so it lives in the store
beside the reports:

- ``watch_source``: per source, the validators of its last answer (ETag, Last-Modified)
  for conditional requests, when it was last polled, succeeded and failed (and why), how
  many articles it gave, when it is polled next and the backoff after errors.
- ``watch_article``: every article URL found (normalized, keyed by its hash), its source,
  whether it is still to be read (``pending``), was stored (with its document), failed or
  was refused, and when it was first seen and done: an article is fetched once.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_source",
        sa.Column("name", sa.String(length=80), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_poll", sa.DateTime(), nullable=True),
        sa.Column("last_success", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("items", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_poll", sa.DateTime(), nullable=True),
        sa.Column("backoff", sa.Float(), nullable=False, server_default="0"),
    )
    op.create_table(
        "watch_article",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id", ondelete="SET NULL"), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
    )
    op.create_index("ix_watch_article_status_source", "watch_article", ["status", "source"])


def downgrade() -> None:
    op.drop_index("ix_watch_article_status_source", "watch_article")
    op.drop_table("watch_article")
    op.drop_table("watch_source")
