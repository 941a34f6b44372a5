"""The reading of a transition table {status: {action: (next status or None for the same,
roles)}}, one for every lifecycle kept as data (directives/lifecycle.py, reform/cycle.py)."""


class Transitions:
    def __init__(self, table):
        self.table = table

    def target(self, status, action):
        """The status `action` leads to from `status`, or None when it does not apply."""
        edge = self.table.get(status, {}).get(action)
        return None if edge is None else (edge[0] or status)

    def roles_for(self, status, action):
        """The roles that may take `action` from `status` (none when it does not apply)."""
        edge = self.table.get(status, {}).get(action)
        return set() if edge is None else edge[1]
