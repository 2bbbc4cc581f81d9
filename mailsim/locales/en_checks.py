"""English texts of a receiving server's checks of who sent a mail (SPF, RFC 7208)."""

CATALOG: dict[str, str] = {
    "step.smtp.spf_rejected": "Refused: the sender's town does not list this post office as one of its own (SPF fail).",
    "step.smtp.policy_rejected": "Refused: the receiving post office cannot confirm who sent this letter, and the sender's town asks to turn such letters away (DMARC).",
    "step.dns.query_txt": "Does this domain publish a rule about its mail? (TXT query: SPF, a DKIM key, DMARC)",
    "step.dns.query_other": "A question about this name to the directory (DNS query).",
    "state.spf_checked": "The receiving post office checks the sender's list of allowed post offices (SPF): "
                         "may mail for this domain come from this address?",
    "note.spf_checked": "SPF {result}: {domain}",
    "text.spf_checked": "SPF {result} for {domain} from {ip}: {meaning}",
    "text.spf.result.pass": "the domain lists this address as one of its senders",
    "text.spf.result.fail": "the domain says this address may not send its mail",
    "text.spf.result.softfail": "the domain says this address is probably not one of its senders",
    "text.spf.result.neutral": "the domain says nothing either way about this address",
    "text.spf.result.none": "the domain publishes no SPF record",
    "text.spf.result.temperror": "DNS did not answer: try again later",
    "text.spf.result.permerror": "the domain's SPF record is broken",
    "state.dkim_signed": "The sending post office seals the letter with its stamp (a DKIM signature): "
                         "anyone can check the seal with the key it publishes in DNS.",
    "note.dkim_signed": "DKIM signed: {domain}",
    "text.dkim_signed": "signed for {domain} with DKIM key {selector}",
    "state.dkim_checked": "The receiving post office checks the seal (DKIM) with the sender's published key: "
                          "is the letter unchanged since it was sealed?",
    "note.dkim_checked": "DKIM {result}: {domain}",
    "text.dkim_checked": "DKIM {result} for {domain}: {meaning}",
    "text.dkim.result.pass": "the signature matches: the mail is as its domain sent it",
    "text.dkim.result.fail": "the signature does not match: the mail was changed, or not signed by that domain",
    "text.dkim.result.permerror": "the signer's key is not in DNS",
    "text.dkim.result.none": "the mail carries no signature",
    "state.dmarc_checked": "The receiving post office reads the From: domain's rule (DMARC): did SPF or "
                           "DKIM vouch for that very domain, and if not, what should happen to the mail?",
    "note.dmarc_checked": "DMARC {result}: {disposition}",
    "text.dmarc_checked": "DMARC {result} for {domain}: {meaning}",
    "text.dmarc.disposition.none": "the domain's policy asks for nothing special: deliver it normally",
    "text.dmarc.disposition.quarantine": "the domain's policy asks to file it as suspicious (Junk)",
    "text.dmarc.disposition.reject": "the domain's policy asks to refuse it",
    "state.message_modified": "A post office on the way changes the letter (a mailing list's footer, a "
                              "tag in the subject): a seal made before it no longer fits.",
    "note.message_modified": "mail changed",
    "text.message_modified": "{queue_id} changed on the way: {changes}",
    "text.modified.footer": "a footer added under the body",
    "text.modified.subject_tag": "a tag put in front of the subject",
    "text.list_join": ", ",
}
