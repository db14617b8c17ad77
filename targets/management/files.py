"""What the commands that read a file share."""

from pathlib import Path

from django.core.management.base import CommandError


def read_file(path: Path, max_bytes: int) -> bytes:
    """
    The bytes of ``path``, or a ``CommandError`` that says why not (missing,
    unreadable, larger than ``max_bytes``, which the web upload refuses too).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"No such file: {path}") from error
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise CommandError(
            f"{path.name}: the file is larger than the {max_bytes // (1024 * 1024)} MB limit."
        )
    return data
