"""English texts of the letters POP3 and IMAP hand over, in the page's "line in detail"
(``html.detail.letter.*``)."""

CATALOG: dict[str, str] = {
    "html.detail.letter.RETR": "The letter taken home by POP3 RETR (message {n})",
    "html.detail.letter.TOP": "The top of message {n}, looked at by POP3 TOP: the header and {lines} lines of the text",
    "html.detail.letter.FETCH": "The letter read at the counter by IMAP FETCH (message {n}, {item})",
    "html.detail.letter.FETCH_partial": "Part of message {n} read at the counter by IMAP FETCH: {item}",
    "html.detail.letter.partial": "Partial: only the part the client asked for, not the whole letter.",
    "html.detail.letter.absent": "This trace keeps only the letter's size ({size} octets), not its text.",
    "html.detail.letter.absent_unknown": "This trace keeps neither the letter's text nor its size.",
    "html.detail.letter.no_headers": "This part holds no header fields.",
}
