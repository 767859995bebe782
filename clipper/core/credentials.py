"""A team library's password in the system keyring (GNOME Keyring, KWallet, macOS Keychain,
Windows Credential Locker), when the user asked for it to be kept there. Never in Clipper's
settings, logs or messages. Where there is no keyring (a server without a desktop), nothing
is kept and the user is asked each time (or uses ``~/.pgpass``, ``PGPASSWORD``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from clipper.core.address import ServerAddress
from clipper.core.errors import ServerLoginError

log = logging.getLogger(__name__)

SERVICE = "Clipper team library"


def _account(address: ServerAddress) -> str:
    return f"{address.user or ''}@{address.host}:{address.port}/{address.database}"


def keyring_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken keyring backend must not keep the library from opening
        return False


def stored_password(address: ServerAddress) -> str | None:
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, _account(address))
    except Exception as exc:  # locked, refused, D-Bus gone: ask the user instead
        log.warning("the keyring could not be read: %s", type(exc).__name__)
        return None


def store_password(address: ServerAddress, password: str) -> bool:
    """Keep ``password`` in the keyring; returns whether it was kept."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, _account(address), password)
    except Exception as exc:
        log.warning("the keyring refused the password: %s", type(exc).__name__)
        return False
    return True


def forget_password(address: ServerAddress) -> None:
    if not keyring_available():
        return
    import keyring

    try:
        keyring.delete_password(SERVICE, _account(address))
    except Exception:  # nothing was kept: nothing to forget
        pass


def open_with_password[T](address: ServerAddress, open_at: Callable[[ServerAddress], T],
                          ask: Callable[[str], tuple[str, bool] | None]) -> T:
    """``open_at(address)``; when the server wants a password libpq had none for (or a wrong
    one), the keyring's, then ``ask(why)`` for one (None: the user gave up; the refusal is
    raised) and keep it in the keyring when the answer says so. A kept password the server
    refuses is forgotten."""
    try:
        return open_at(address)
    except ServerLoginError as exc:
        refusal = exc
    kept = stored_password(address)
    if kept:
        try:
            return open_at(address.with_password(kept))
        except ServerLoginError as exc:
            forget_password(address)
            refusal = exc
    while True:
        answer = ask(str(refusal))
        if answer is None:
            raise refusal
        password, keep = answer
        try:
            opened = open_at(address.with_password(password))
        except ServerLoginError as exc:
            refusal = exc
            continue
        if keep:
            store_password(address, password)
        return opened
