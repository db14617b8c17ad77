"""
The Chinese of every message, one module per area of the app, each with a
``ZH`` dict from msgid to translation. ``locale/translate_zh.py`` merges them.
"""
