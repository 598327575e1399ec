"""Who must hear of a change of obligations before and after it (a record counting them by due
date and state, as voters.statistics does): context managers registered by the apps, entered
around the change, in its transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followups.models import Obligation

WATCHERS: list[Callable[[Sequence[Obligation]], AbstractContextManager]] = []


@contextmanager
def changing(obligations: Sequence[Obligation]) -> Iterator[None]:
    """Around a change of the due date, outcome or withdrawal of `obligations`."""
    with ExitStack() as stack:
        for watcher in WATCHERS:
            stack.enter_context(watcher(obligations))
        yield
