"""The organisation from HRIS: who reports to whom, and in which department.

Rule (see ADR 0009): a mentor and a mentee are never in one reporting line, in either
direction. A mentor who manages the mentee, directly or further up, evaluates them; a mentee who
manages the mentor (a senior in reverse mentoring with someone from their own organisation)
evaluates the mentor. Either way, mentoring would not be candid.

Each person gets a nested-set interval [enter, leave) from a depth-first walk, so "a manages b,
directly or not" is `enter[a] < enter[b] < leave[a]`: a comparison that numpy runs over a million
pairs at once, instead of walking manager chains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mentorship.domain.errors import InvalidInput, OrgStructureError

IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class EmployeeFact:
    """One employee as HRIS has them on the day of the run."""

    employee_id: str
    manager_id: str | None
    department: str


class OrgChart:
    """The reporting tree (a forest: several tops are allowed) and the departments."""

    def __init__(self, facts: Iterable[EmployeeFact]) -> None:
        rows = list(facts)
        self.ids = [row.employee_id for row in rows]
        self.index = {employee_id: i for i, employee_id in enumerate(self.ids)}
        if len(self.index) != len(rows):
            raise InvalidInput("employees", "an employee id appears twice")
        # A manager HRIS does not know (left, or outside the feed) makes the employee a top.
        self.manager = np.array(
            [self.index.get(row.manager_id, -1) if row.manager_id else -1 for row in rows],
            dtype=np.int32,
        )
        self.departments = sorted({row.department for row in rows})
        codes = {name: code for code, name in enumerate(self.departments)}
        self.department = np.array([codes[row.department] for row in rows], dtype=np.int32)
        self.enter, self.leave = self._intervals()

    def _intervals(self) -> tuple[IntArray, IntArray]:
        n = len(self.ids)
        children: list[list[int]] = [[] for _ in range(n)]
        for person, boss in enumerate(self.manager.tolist()):
            if boss >= 0:
                children[boss].append(person)
        enter = np.full(n, -1, dtype=np.int32)
        leave = np.full(n, -1, dtype=np.int32)
        clock = 0
        for root in np.flatnonzero(self.manager < 0).tolist():
            stack: list[tuple[int, bool]] = [(root, False)]
            while stack:
                person, done = stack.pop()
                if done:
                    leave[person] = clock
                    continue
                enter[person] = clock
                clock += 1
                stack.append((person, True))
                stack.extend((child, False) for child in children[person])
        if clock < n:
            raise OrgStructureError(sorted(self.ids[i] for i in np.flatnonzero(enter < 0)))
        return enter, leave

    def position(self, employee_id: str, field: str = "employee_id") -> int:
        """The row of an employee, or `InvalidInput` when HRIS does not know them."""
        try:
            return self.index[employee_id]
        except KeyError:
            raise InvalidInput(field, f"{employee_id!r} is not a known employee") from None

    def department_of(self, employee_id: str) -> str:
        """The employee's department."""
        return self.departments[self.department[self.position(employee_id)]]

    def manager_chain(self, employee_id: str) -> list[str]:
        """Manager, manager's manager, and up to the top."""
        chain: list[str] = []
        boss = int(self.manager[self.position(employee_id)])
        while boss >= 0:
            chain.append(self.ids[boss])
            boss = int(self.manager[boss])
        return chain

    def in_one_line(self, a: str, b: str) -> bool:
        """Whether one of two different people manages the other, directly or not."""
        i, j = self.position(a), self.position(b)
        return bool(
            same_reporting_line(self.enter[[i]], self.leave[[i]], self.enter[[j]], self.leave[[j]])[
                0
            ]
        )


def same_reporting_line(
    enter_a: IntArray, leave_a: IntArray, enter_b: IntArray, leave_b: IntArray
) -> npt.NDArray[np.bool_]:
    """Element-wise: a is above b or b is above a (a person is in their own line)."""
    return ((enter_a <= enter_b) & (enter_b < leave_a)) | (
        (enter_b <= enter_a) & (enter_a < leave_b)
    )
