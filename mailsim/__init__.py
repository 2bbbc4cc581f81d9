"""mailsim — an educational discrete-event simulator of e-mail delivery."""

__version__ = "0.1.0"
