"""The notebook facade (``import mailsim.notebook as ms``) and its step player."""

from __future__ import annotations

import email.policy
import re
from email.message import Message

import matplotlib
import pytest

matplotlib.use("Agg")

import mailsim.notebook as ms
from mailsim.trace import Trace


@pytest.fixture(scope="module")
def trace() -> Trace:
    return ms.run("article-route")


def mailbox_line(html: str, address: str) -> str:
    found = re.search(rf'data-mailbox="{re.escape(address)}"><b>[^<]*</b>: ([^<]*)<', html)
    assert found is not None, html
    return found.group(1)


def test_importing_the_facade_lets_a_trace_show_itself_as_a_table(trace: Trace) -> None:
    html = trace[:5]._repr_html_()
    assert html is not None and "<table" in html and "alice-pc" in html


def test_state_at_shows_bobs_mailbox_filled_at_the_stored_step_and_empty_before(trace: Trace) -> None:
    stored = ms.step_of(trace, "stored")
    assert mailbox_line(ms.state_at(trace, stored).html, "bob@example.jp").startswith("1 message")
    assert mailbox_line(ms.state_at(trace, stored - 1).html, "bob@example.jp") == "empty"
    assert mailbox_line(ms.state_at(trace, stored, "ja").html, "bob@example.jp").startswith("1通")
    assert "“Hello from Tokyo”" in ms.state_at(trace, stored)._repr_html_()


def test_state_at_refuses_a_step_outside_the_trace(trace: Trace) -> None:
    with pytest.raises(IndexError):
        ms.state_at(trace, len(trace))


def test_the_player_builds_with_one_slider_position_per_event(trace: Trace) -> None:
    player = ms.player(trace, lang="ja")
    assert player.slider.max - player.slider.min + 1 == len(trace)
    assert player.play.max == player.slider.max
    assert player.diagram.value[:8] == b"\x89PNG\r\n\x1a\n"
    stored = ms.step_of(trace, "stored")
    player.slider.value = stored  # what the Play button and the slider do in the browser
    assert f"#{stored}" in player.caption.value
    assert "私書箱" in player.caption.value  # the Japanese caption of a "stored" event
    assert mailbox_line(player.state.value, "bob@example.jp").startswith("1通")
    assert "application/vnd.jupyter.widget-view+json" in player._repr_mimebundle_()


def test_sequence_and_topology_return_figures_closed_in_pyplot(trace: Trace) -> None:
    import matplotlib.pyplot as plt

    figure = ms.sequence(trace, "ja", protocols=["DNS"], tcp=False)
    assert figure.axes and not plt.get_fignums()
    assert ms.topology("article-route", "ja").axes and not plt.get_fignums()


def test_select_and_step_of(trace: Trace) -> None:
    ldap = ms.select(trace, protocols=["ldap"], state_events=False)
    assert {e.protocol for e in ldap.messages()} == {"LDAP"} and len(ldap.messages()) == len(ldap)
    rcpt = ms.select(trace, containing="rcpt to").messages()
    assert [e.text for e in rcpt] == ["RCPT TO:<bob@example.jp>"] * 3
    with pytest.raises(LookupError):
        ms.step_of(trace, "bounced")


def test_message_reads_the_last_copy_with_the_email_package(trace: Trace) -> None:
    mail = ms.message(trace, "hello from tokyo")
    assert len(mail.get_all("Received", [])) == 3
    assert mail["Return-Path"] == "<alice@example.com>"
    assert "\n.A line that starts with a dot" in mail.get_content()  # dot-stuffing undone
    hops = [len(ms.message(trace, "Hello", n).get_all("Received", [])) for n in range(3)]
    assert hops == [0, 1, 2]  # submitted by the client, then one more per server passed


def test_a_bounce_reads_back_as_a_delivery_status_notification() -> None:
    bounce = email.message_from_string(ms.raw_message(ms.run("no-such-domain"), "Undelivered"),
                                       policy=email.policy.default)
    assert bounce.get_content_type() == "multipart/report"
    report = bounce.get_payload(1)
    assert isinstance(report, Message)
    blocks = report.get_payload()  # message/delivery-status: per message, then per recipient
    assert isinstance(blocks, list) and len(blocks) == 2
    recipient = blocks[1]
    assert isinstance(recipient, Message)
    assert recipient["Status"] == "5.4.4" and recipient["Action"] == "failed"


def test_tables_and_texts_in_both_languages(trace: Trace) -> None:
    assert "SMTP:587" in ms.connections(trace).html and "🔒" in ms.connections(trace).html
    assert "優先度" in ms.zone("mx-failover", "ja").html
    assert "やさしく言うと" in ms.changes(trace, "stored", lang="ja").html
    assert "学習目標" in str(ms.about("article-route", "ja"))
    assert ms.questions("article-route", "ja")._repr_markdown_().count("\n1. ") == 1
    assert ms.caption(trace, ms.step_of(trace, "stored")).endswith("The mail is in the recipient's P.O. box.")
    assert ms.conservation(trace) == []


def test_compare_shows_a_table_and_a_figure() -> None:
    comparison = ms.compare("pop3-vs-imap", lang="ja")
    html = comparison._repr_html_()
    assert "POP3(ダウンロード後にサーバーから削除)" in html and "<table" in html
    assert len(comparison.figure().axes) == 4
    assert len(comparison.trace("imap")) > 0
