"""The classroom step-through player: ``mailsim step`` and ``mailsim show``.

:mod:`.model` holds the cursor, filter and play logic without any UI;
:mod:`.panels` renders an event and the replayed state with rich;
:mod:`.app` (its keys' actions in :mod:`.actions`, its drawing in :mod:`.drawing`,
with :mod:`.widgets` and :mod:`.tap_line`) is the full-screen Textual player,
:mod:`.plain` the line-by-line one for any terminal and for scripts;
:mod:`mailsim.commands.player` adds both subcommands. Textual is imported only by
those full-screen modules, when the full-screen player starts.
"""
