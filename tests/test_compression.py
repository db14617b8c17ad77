"""
A response compressed from pieces compressed apart (config.compression): one
valid gzip stream of exactly the body, each secret compressed on its own.
"""

import gzip
import os
import random

from config import compression

TOKEN = b"Qm9" * 21 + b"x"  # 64 characters, as Django's masked CSRF tokens


def page(rows: int, seed: int = 7) -> str:
    """Some kept page's text: rows of a table, Chinese and markup."""
    rng = random.Random(seed)
    return "".join(
        f'<tr><td><a href="/goals/{rng.randint(1, 2000)}/">目标{rng.randint(1, 99)}</a></td>'
        f"<td>{rng.choice(['已完成', '正常推进', '滞后'])}</td>"
        f"<td>{rng.randint(0, 100)}%</td></tr>\n"
        for _ in range(rows)
    )


def test_a_body_spliced_from_kept_pieces_decompresses_to_exactly_the_body():
    first, second = page(300, seed=1), page(200, seed=2)
    pieces = [compression.Piece(first.encode()), compression.Piece(second.encode())]
    for body in (
        f"<html><nav>{TOKEN.decode()}</nav>{first}<p>{TOKEN.decode()}</p>{second}</html>".encode(),
        f"<html>{second}</html>".encode(),  # one of them
        f"<html>{second}{first}</html>".encode(),  # out of order: the second used
        b"<html>an error page</html>" * 20,  # none
        first.encode(),  # nothing around it
    ):
        sent = compression.spliced(body, pieces, {TOKEN}, max_random_bytes=100)
        assert gzip.decompress(sent) == body  # the CRC-32 and size checked too
    both = f"<html><nav>{TOKEN.decode()}</nav>{first}{second}</html>".encode()
    sent = compression.spliced(both, pieces, {TOKEN}, max_random_bytes=100)
    assert all(piece.segment in sent for piece in pieces)
    assert len(sent) < len(both) / 3


def test_a_large_body_spliced_has_the_crc_and_size_of_the_whole():
    text = page(3000)
    noise = os.urandom(5000).hex()
    pieces = [compression.Piece(text.encode())]
    body = (noise + text + noise).encode()
    assert gzip.decompress(compression.spliced(body, pieces, (), 0)) == body


def test_a_token_is_compressed_apart_from_the_text_around_it():
    """
    BREACH: text an attacker puts on the page that matches the token (here its
    first half) compresses no better than text that does not; two responses
    with different tokens differ only in the token's own bytes.
    """
    other = TOKEN[::-1]
    guess = TOKEN[:32].decode()
    text, frame = page(100), page(20, seed=3)  # the kept page, and the frame around it
    pieces = [compression.Piece(text.encode())]
    sent = []
    for token in (TOKEN, other):
        body = f"<form>{token.decode()}</form>{frame}<p>?q={guess}</p>{text}".encode()
        sent.append(compression.spliced(body, pieces, {token}, max_random_bytes=0)[:-8])
    one, two = sent
    common = 0
    while one[common] == two[common]:
        common += 1
    tail = 0
    while one[-1 - tail] == two[-1 - tail]:
        tail += 1
    # Only the token's segment differs (64 characters, compressed on their own).
    assert len(one) - common - tail <= len(TOKEN) + 16
    assert len(two) - common - tail <= len(TOKEN) + 16
