"""What every part of the ``Library`` facade relies on; ``Library`` provides it."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlmodel import Session


class StoreBase:
    def _session(self) -> Session:
        raise NotImplementedError

    def _write(self, apply_index: bool = True) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _touch(self, session: Session, clipping_id: int) -> None:
        raise NotImplementedError
