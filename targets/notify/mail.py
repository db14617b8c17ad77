"""E-mail, through Django's mail backends: a text part and an HTML part."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .base import Answer, Message


class EmailChannel:
    """One notification to one address, as text and HTML (``templates/targets/emails/``)."""

    def __init__(self, *, connection=None, from_email: str | None = None):
        self.connection = connection
        self.from_email = from_email

    def send(self, address: str, subject: str, message: Message) -> Answer:
        context = {"message": message}
        text = render_to_string("targets/emails/notification.txt", context)
        html = render_to_string("targets/emails/notification.html", context)
        mail = EmailMultiAlternatives(
            subject, text, self.from_email, [address], connection=self.connection
        )
        mail.attach_alternative(html, "text/html")
        try:
            sent = mail.send()
        except OSError as error:  # the SMTP server refused or could not be reached
            return Answer(False, f"{type(error).__name__}: {error}"[:1000])
        return Answer(bool(sent), "sent" if sent else "not sent")
