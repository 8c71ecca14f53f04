"""The watcher's stop flag: set from a signal handler while the main thread waits on it."""

import os
import signal
import threading
import time

from warmonitor.ingest.stopping import Stop


def test_a_wait_times_out_unset_and_a_set_from_another_thread_ends_it_early():
    stop = Stop()
    started = time.monotonic()
    assert stop.wait(0.05) is False and not stop.is_set()
    assert time.monotonic() - started >= 0.05
    threading.Timer(0.05, stop.set).start()
    started = time.monotonic()
    assert stop.wait(10) is True and stop.is_set()
    assert time.monotonic() - started < 5
    assert stop.wait(0) is True  # once set, it stays set


def test_a_signal_handler_that_sets_it_never_hangs_the_waiting_thread():
    # threading.Event hangs here within a few hundred signals: the handler's set() waits
    # for the lock the interrupted Event.wait holds. Each signal sets the next flag while
    # the main thread keeps waiting on the current one.
    flags = [Stop() for _ in range(300)]
    handled = []

    def handler(*_):
        flags[len(handled)].set()
        handled.append(1)

    def send():
        # each signal once the one before was handled: two pending signals of one kind
        # are delivered as one, which a loaded machine made happen (297 of 300)
        for sent in range(1, len(flags) + 1):
            os.kill(os.getpid(), signal.SIGUSR1)
            while len(handled) < sent and time.monotonic() < deadline:
                time.sleep(0.0002)

    previous = signal.signal(signal.SIGUSR1, handler)
    deadline = time.monotonic() + 60
    try:
        sender = threading.Thread(target=send)
        sender.start()
        for flag in flags:
            while not flag.wait(0.0) and time.monotonic() < deadline:
                pass
        sender.join()
    finally:
        signal.signal(signal.SIGUSR1, previous)
    assert len(handled) == len(flags) and all(flag.is_set() for flag in flags)
