"""Mail messages (RFC 5322) built and read with the standard email package, and bounces (RFC 3464)."""
