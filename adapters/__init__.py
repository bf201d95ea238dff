"""Everything that touches the outside: storage, the command line, the demo."""
