"""Exit 0 when the PostgreSQL server of the URL given answers, 1 otherwise (used by make test)."""

import sys
from urllib.parse import urlsplit

import psycopg2


def main(url: str) -> int:
    parts = urlsplit(url)
    try:
        connection = psycopg2.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname="postgres",
            connect_timeout=3,
        )
    except psycopg2.OperationalError:
        return 1
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/"))
