"""Ctrl-C at the worst moment, made deterministic: while a spawned child is still starting.

Pickle an :class:`InterruptOnArrival` into a child's arguments: unpickling it (the child's start-up, before
any of the tool's code runs there) sends SIGINT to the child itself, as a Ctrl-C typed just then would
(the console sends it to every process of the console's group, children included).
"""

from __future__ import annotations

import os
import signal


def _interrupt_self() -> "InterruptOnArrival":
    os.kill(os.getpid(), signal.SIGINT)
    return InterruptOnArrival()


class InterruptOnArrival:
    def __reduce__(self):
        import multiprocessing

        if multiprocessing.parent_process() is None:  # pickled by the parent: interrupt on arrival
            return (_interrupt_self, ())
        return (InterruptOnArrival, ())


def answer(_payload) -> str:
    return "antwoord"


def _interrupt_then(options: tuple):
    from mvo_xl.batch import BatchOptions

    os.kill(os.getpid(), signal.SIGINT)
    return BatchOptions(*options)


def interrupting_options():
    """Batch options that interrupt the validate worker receiving them, while it starts."""
    from mvo_xl.batch import BatchOptions

    class InterruptingOptions(BatchOptions):
        def __reduce__(self):
            return (_interrupt_then, ((self.today, self.horizon, self.timeout_s, self.memory_bytes),))

    return InterruptingOptions()
