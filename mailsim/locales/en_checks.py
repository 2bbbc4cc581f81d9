"""English texts of a receiving server's checks of who sent a mail (SPF, RFC 7208)."""

CATALOG: dict[str, str] = {
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
}
