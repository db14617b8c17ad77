"""
The channels notifications go out by, one small class each: e-mail
(``email.EmailChannel``) and the group robots of 企业微信, 钉钉 and 飞书 and the
console (``robots``). A channel turns a ``Message`` (a heading and its items,
each a sentence and a link) into what its platform takes and sends it,
answering with an ``Answer`` (delivered or not, and what the platform said).
Adding a channel is one class and one line in ``robots.ROBOTS``.

They know nothing of the database: the worker
(``targets.services.notification_delivery``) reads the outbox, builds the
messages and records the answers.
"""

from .base import Answer, Item, Message

__all__ = ["Answer", "Item", "Message"]
