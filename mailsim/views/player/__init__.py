"""The classroom step-through player: ``mailsim step`` and ``mailsim show``.

:mod:`.model` holds the cursor, filter and play logic without any UI;
:mod:`.panels` renders an event and the replayed state with rich;
:mod:`.app` (with :mod:`.widgets`) is the full-screen Textual player,
:mod:`.plain` the line-by-line one for any terminal and for scripts;
:mod:`.command` adds both subcommands. Textual is imported only by
:mod:`.app` and :mod:`.widgets`, when the full-screen player starts.
"""
