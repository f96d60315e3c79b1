"""The test SMTP server receives Django's mail over a real SMTP conversation."""

from __future__ import annotations

from django.core import mail


def test_django_mail_arrives_at_the_test_smtp_server(smtp_server, settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    sent = mail.send_mail(
        subject="Notice of Electronic Filing",
        message="A document was filed in 1:20-cv-00001.",
        from_email="cmecf@openecf.invalid",
        recipient_list=["filer@example.org", "Second@Example.org"],
    )
    assert sent == 1
    [received] = smtp_server.messages
    assert received.mail_from == "cmecf@openecf.invalid"
    assert received.rcpt_tos == ("filer@example.org", "Second@Example.org")
    assert received.subject == "Notice of Electronic Filing"
    assert received.body.strip() == "A document was filed in 1:20-cv-00001."
    assert smtp_server.messages_to("second@example.org") == [received]
    assert smtp_server.messages_to("nobody@example.org") == []


def test_each_test_gets_its_own_server_and_an_empty_mailbox(smtp_server):
    assert smtp_server.messages == []
    connection = mail.get_connection()
    with connection:
        for number in (1, 2):
            mail.EmailMessage(
                subject=f"Message {number}", body="text", to=["a@example.org"], connection=connection
            ).send()
    assert [m.subject for m in smtp_server.messages] == ["Message 1", "Message 2"]
