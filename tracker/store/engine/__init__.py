"""The shared workspace on PostgreSQL (issue 17): addresses, credentials, the server's schema
and connection. The SQL stays in tracker/store/; this package holds what differs by engine."""
