"""Mail messages (RFC 5322) and bounces (RFC 3464).

Built and read with the standard email package, with exact fast paths for the common message
(mailsim.mail.fast).
"""
