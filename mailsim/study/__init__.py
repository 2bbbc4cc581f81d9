"""Studies at scale: a workload's mails (:mod:`.workload`), its line-level expansion
(:mod:`.expand`), and the session-level engine that runs it one event per delivery
and per effective mailbox check."""
