"""A policy document's shape, one module per node kind: each holds its JSON Schema fragment and
the checks a schema cannot express, side by side.

The public entry points stay where they were: :mod:`policy_explorer.schema` (the published schemas)
and :mod:`policy_explorer.validate` (checking the data). Modules here import the fragments they
need from :mod:`.fields`; :mod:`.checks` runs every check in order.
"""
