"""A stop flag that a signal handler may set.

`warmonitor watch` stops on SIGTERM or SIGINT once the report it is writing is stored.
A ``threading.Event`` cannot carry that signal safely: Python runs a signal handler in
the main thread between two bytecodes, and when the main thread is inside
``Event.wait`` holding the event's lock, ``Event.set`` in the handler waits for that
lock forever, so the watcher hangs instead of stopping. :class:`Stop` takes no lock:
``set`` raises a flag and writes a byte to a socket pair; ``wait`` sleeps in
``select`` on the other end, so a set from a handler or from another thread wakes it
at once.
"""

from __future__ import annotations

import select
import socket
import weakref
from typing import Protocol


class StopFlag(Protocol):
    """What the watcher asks of its stop flag (a :class:`Stop` or a ``threading.Event``)."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class Stop:
    """Set once, from anywhere (a signal handler included); never cleared."""

    def __init__(self) -> None:
        self._set = False
        self._wakeup, self._waker = socket.socketpair()
        self._waker.setblocking(False)
        weakref.finalize(self, _close, self._wakeup, self._waker)

    def set(self) -> None:
        self._set = True
        try:
            self._waker.send(b"\0")
        except OSError:  # the pair's buffer is full: a byte is already waiting
            pass

    def is_set(self) -> bool:
        return self._set

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep until set or ``timeout`` seconds passed (None: until set); whether set."""
        if not self._set:
            select.select([self._wakeup], [], [], None if timeout is None else max(0.0, timeout))
        return self._set


def _close(*sockets: socket.socket) -> None:
    for each in sockets:
        each.close()
