"""The partnership register's domain: the Partnership aggregate and the register that runs it."""
