"""The store stage: reports, events and incidents kept in SQLite or PostgreSQL."""
