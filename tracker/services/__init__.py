"""Use cases that span store areas (import, status, stage promotion, sample data). No Qt."""
