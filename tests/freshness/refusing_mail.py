"""An email backend whose server is gone: every send fails as a real SMTP disconnect would."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:  # noqa: ANN001
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
