"""Domain model of the progress service: pure rules, no I/O."""
