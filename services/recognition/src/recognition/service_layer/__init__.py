"""Use cases: one function per command, keyword-only arguments, one unit of work each."""
