"""Demo data: 20 ESCO ICT roles with their skills, ~60 learning items of every kind, paths.

`esco-roles.json` is a trimmed copy of ESCO (see its `source` field: keep it with any copy);
`items.json` and `paths.json` are hand-written for Continuum.
"""
