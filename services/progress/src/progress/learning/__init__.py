"""The learning side: assignments, item and path progress, learning time, transcripts, teams.

It learns what learners did from `xapi.statements.v1` like any other consumer (ADR 0005),
never from the LRS's tables or code.
"""
