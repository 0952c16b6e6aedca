"""What the learning side consumes, and the periodic work that dates make due.

Consumed: hris.employees.v1 (hired, role/manager changed, left), catalog.v1 (items, paths,
roles), xapi.statements.v1 (stored statements), mentorship.v1 (sessions held), recognition.v1
(badges). Produced on progress.v1 through the unit of work: assignment created, closed and
overdue, item and path completed, milestone reached.
"""
