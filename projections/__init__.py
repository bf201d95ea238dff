"""Read models rebuilt from the register's events."""
