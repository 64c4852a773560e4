"""Bounds shared by every reader of an uploaded file: what a file may cost to open, not only
what it weighs. Used by the spreadsheet import and the minutes upload.

A .docx or .xlsx is a zip: its members' sizes are checked from the zip's directory before any
parser opens it (zipfile never unpacks a member past its recorded size, so the directory is a
real bound). Text extraction by third-party parsers runs in a child process with a time and
an address-space limit, so a hostile file costs a few seconds of one process, not a worker."""
from __future__ import annotations

import io
import multiprocessing
import zipfile
from collections.abc import Callable

# A member of an Office file compresses about 5-20 times; far more means padding built to
# be unpacked (a "zip bomb"). Small members are not checked: they cost nothing either way.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024

EXTRACT_SECONDS = 2.5
EXTRACT_MEMORY_BYTES = 1024 * 1024 * 1024


class UploadLimitError(ValueError):
    """The file is over one of the bounds; str() is the reason in words, for the user."""


def check_zip(data: bytes, max_member_bytes: int, max_total_bytes: int) -> None:
    """Refuse a zip any of whose members unpacks to more than the limits, or unpacks far
    more than it weighs. zipfile.BadZipFile for a file that is not a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > max_member_bytes or total > max_total_bytes:
                raise UploadLimitError(
                    f"it is too large once unpacked (more than {max_total_bytes // (1024 * 1024)} MB)"
                )
            if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise UploadLimitError("it unpacks to far more than it weighs, which real documents do not")


def _child(conn, function, args, memory_bytes, seconds):
    import resource

    # The child's own ceiling: memory it cannot get raises MemoryError here, not in a worker.
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (int(seconds) + 1, int(seconds) + 1))
    try:
        conn.send(("ok", function(*args)))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as error:  # noqa: BLE001 - whatever the parser raised, reported to the parent
        conn.send(("error", error if isinstance(error, ValueError) else ValueError(str(error))))
    finally:
        conn.close()


def run_bounded(function: Callable, *args, seconds: float = EXTRACT_SECONDS,
                memory_bytes: int = EXTRACT_MEMORY_BYTES, preload: tuple[str, ...] = ()):
    """function(*args) in a fresh child process, killed after `seconds` or when it needs
    more than `memory_bytes`. The function must be importable by name (module level) and
    its result picklable. UploadLimitError on the limits; the function's ValueError as it is.
    `preload`: modules the fork server imports once, so each child starts with them."""
    # forkserver: each child is forked from a small clean server, not from the web worker
    # (no copied threads, locks or database connections) and without a fresh interpreter's
    # start-up for each upload as with spawn.
    context = multiprocessing.get_context("forkserver")
    if preload:
        context.set_forkserver_preload(["__main__", function.__module__, *preload])  # takes effect when the server starts
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, function, args, memory_bytes, seconds), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise UploadLimitError("it took too long to read")
        try:
            outcome, value = receive.recv()
        except EOFError:  # the child died: the CPU or memory limit, or a crash in a C parser
            raise UploadLimitError("it needed more time or memory to read than a document should") from None
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join(1)
    if outcome == "memory":
        raise UploadLimitError("it needed more memory to read than a document should")
    if outcome == "error":
        raise value
    return value
