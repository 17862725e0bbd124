"""Policy changes, in the order the data flows: git (:mod:`.gitlog`) → what changed, a model of
added, removed and changed policies and clauses (:mod:`.diff`) → its wording (:mod:`.markdown` for
pull requests; the site's changes page and Atom feed in ``sitegen``). :mod:`.command` is the
``python -m policy_explorer diff`` command. Nothing here imports the command line or the site.
"""
