"""``pg_database.py create|drop URL NAME``: a scratch PostgreSQL database for the restore drill."""

import sys
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql


def main(action: str, url: str, name: str) -> int:
    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname=(parts.path or "/postgres").lstrip("/") or "postgres",
    )
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    with connection.cursor() as cursor:
        if action == "create":
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        else:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
