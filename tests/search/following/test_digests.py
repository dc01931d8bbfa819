"""manage.py send_digests through a real SMTP server on 127.0.0.1 (aiosmtpd): one message
per user and frequency, grouped by saved search, both parts, links, the RFC 8058 headers;
idempotent; failures retried and reported; alice's and bob's mail kept apart."""

import datetime as dt
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from search.following.models import Digest
from tests.search.following.digest_helpers import follow, new_paper

pytestmark = pytest.mark.django_db


def links(message) -> list[str]:
    return re.findall(r'href="([^"]+)"', message.get_body(("html",)).get_content())


def test_one_message_per_user_grouped_by_saved_search_with_both_parts(inbox, alice):
    follow(alice, "Diffusion", q="diffusion")
    follow(alice, "Robots", q="robot")
    follow(alice, "Weekly graphs", alert="weekly", q="graph")
    new_paper("Diffusion for images", arxiv_id="2611.00001")
    new_paper("Robot hands", arxiv_id="2611.00002")
    new_paper("Graph networks", arxiv_id="2611.00003")
    new_paper("Unrelated topic", arxiv_id="2611.00004")
    call_command("send_digests", "--frequency", "daily")
    (message,) = inbox.messages
    assert message["To"] == alice.email
    assert message["Subject"] == 'Paperscope: 2 new papers for "Diffusion", "Robots"'
    text = message.get_body(("plain",)).get_content()
    assert "== Diffusion ==" in text and "== Robots ==" in text
    assert "Diffusion for images" in text and "Graph networks" not in text
    assert "Unrelated topic" not in text
    html_links = links(message)
    assert "https://papers.example.org/papers/2611.00001/" in html_links
    assert any(re.fullmatch(r"https://papers.example.org/saved/\d+/", link) for link in html_links)
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://papers.example.org/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in html_links and unsubscribe in text


def test_sending_is_idempotent_and_never_repeats_a_paper(inbox, alice):
    follow(alice, "Diffusion", q="diffusion")
    new_paper("Diffusion one")
    call_command("send_digests")
    call_command("send_digests")  # the same day: already sent
    assert len(inbox.messages) == 1
    new_paper("Diffusion two")
    call_command("send_digests", "--force")
    assert len(inbox.messages) == 2
    second = inbox.messages[1].get_body(("plain",)).get_content()
    assert "Diffusion two" in second and "Diffusion one" not in second


def test_nothing_new_sends_nothing_and_no_email_address_is_no_error(inbox, alice, bob):
    bob.email = ""
    bob.save()
    follow(alice, "Diffusion", q="diffusion")
    follow(bob, "Diffusion", q="diffusion")
    call_command("send_digests")
    assert inbox.messages == []
    new_paper("Diffusion three")
    call_command("send_digests")
    assert [m["To"] for m in inbox.messages] == [alice.email]


def test_each_user_gets_only_their_own_searches(inbox, alice, bob):
    follow(alice, "Alice's diffusion", q="diffusion")
    follow(bob, "Bob's robots", q="robot")
    new_paper("Diffusion and robot control")
    call_command("send_digests")
    (to_alice,) = inbox.to(alice.email)
    (to_bob,) = inbox.to(bob.email)
    assert "Bob's robots" not in to_alice.get_body(("plain",)).get_content()
    assert "Alice's diffusion" not in to_bob.get_body(("plain",)).get_content()


def test_a_failure_halfway_resends_nothing_sent_and_loses_nothing_unsent(inbox, alice, bob, client):
    follow(alice, "Diffusion", q="diffusion")
    follow(bob, "Diffusion", q="diffusion")
    new_paper("Diffusion four")
    inbox.refuse.add(bob.email)
    with pytest.raises(CommandError) as failure:
        call_command("send_digests")
    assert failure.value.returncode == 1 and "bob" in str(failure.value)
    assert [m["To"] for m in inbox.messages] == [alice.email]
    failed = Digest.objects.get(user=bob)
    assert failed.status == "failed" and "550" in failed.error
    client.force_login(bob)
    assert "550" in client.get("/accounts/settings/").content.decode()

    inbox.refuse.clear()
    call_command("send_digests")
    assert [m["To"] for m in inbox.messages] == [alice.email, bob.email]
    assert "Diffusion four" in inbox.messages[1].get_body(("plain",)).get_content()


def test_an_unreachable_smtp_server_is_retried_then_reported(settings, alice):
    from tests.smtp_server import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_RETRIES, settings.EMAIL_BACKOFF_SECONDS = 2, 0.01
    follow(alice, "Diffusion", q="diffusion")
    new_paper("Diffusion five")
    with pytest.raises(CommandError, match="ConnectionRefused"):
        call_command("send_digests")
    assert Digest.objects.get().attempts == 3


def test_the_weekly_for_you_digest_mails_recommendations_once(inbox, alice, client):
    from papers.embeddings import embed_papers_now
    from papers.services import bookmark_save
    from search.following.models import AlertSettings
    from search.following.services import for_you_alert_set
    from tests.helpers import index_keywords

    saved = new_paper("Denoising diffusion models", published=dt.date(2024, 1, 1))
    fresh = new_paper("Faster denoising diffusion sampling", published=timezone.localdate())
    embed_papers_now([saved.id, fresh.id])
    index_keywords()
    bookmark_save(alice, saved)
    for_you_alert_set(alice, "weekly")
    call_command("send_digests", "--frequency", "weekly")
    (message,) = inbox.messages
    text = message.get_body(("plain",)).get_content()
    assert "== For you ==" in text and "Faster denoising diffusion sampling" in text
    call_command("send_digests", "--frequency", "weekly", "--force")
    assert len(inbox.messages) == 1  # nothing new to recommend: no second message
    client.post(message["List-Unsubscribe"].strip("<>"))
    assert AlertSettings.objects.get(user=alice).for_you_alert == "none"
