"""What the ``dealflow`` commands share about options and output files.

Options are checked before any work (:func:`option_date`, :func:`option_int`),
refused with a :class:`~dealflow.UsageError` naming the option.  Output files
are written by :func:`write_outputs`: all of them are produced first, each into
a temporary file in its target folder, and only when every one has been produced
are they renamed into place (``os.replace``, atomic on one file system).  A
command that fails writes nothing, and no output ever replaces an input file.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence

from ._errors import DealflowError, InputError, UsageError
from ._input import abbrev

__all__ = ["Output", "option_date", "option_int", "write_outputs"]

#: An output: the option that asked for it, its path, and a function that writes
#: the output to the path it is given (a temporary file next to the target).
Output = tuple[str, str, Callable[[str], None]]


def option_date(value: str | None, option: str) -> _dt.date | None:
    """The date given to ``option`` (``None`` when not given)."""
    if value is None:
        return None
    from ._values import as_date

    try:
        return as_date(value, option)
    except InputError as err:
        raise UsageError(err.rule, field=option, fix=err.fix) from None


def option_int(value: int | None, option: str, low: int, high: int | None = None) -> int | None:
    """``value`` when it lies in ``[low, high]`` (``None`` when not given)."""
    if value is None:
        return None
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise UsageError(f"{option} {abbrev(value)} is out of range", field=option, fix=f"give {option} {span}")
    return value


def text_writer(text: str) -> Callable[[str], None]:
    """A writer of ``text`` as UTF-8."""

    def write(path: str) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)

    return write


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_outputs(outputs: Sequence[tuple[str, str]], inputs: Iterable[str]) -> None:
    """Refuse, before any work, an output path that names an input file, another
    output, a folder, or a file in a folder that does not exist."""
    ins = list(inputs)
    seen: list[tuple[str, str]] = []
    for option, path in outputs:
        for name in ins:
            if _same(path, name):
                msg = f"{option} {abbrev(path)} is the input file: writing it would destroy the input"
                raise UsageError(msg, field=option, fix="give a new file name")
        for other, earlier in seen:
            if _same(path, earlier):
                msg = f"{option} and {other} both name {abbrev(path)}"
                raise UsageError(msg, field=option, fix="give each output its own file")
        if os.path.isdir(path):
            raise UsageError(f"{abbrev(path)} is a folder", field=option, fix="give a file name")
        folder = os.path.dirname(path) or "."
        if not os.path.isdir(folder):
            raise UsageError(
                f"no folder {abbrev(folder)}", field=option, fix="create the folder first, or give another"
            )
        seen.append((option, path))


def write_outputs(outputs: Sequence[Output], *, inputs: Iterable[str] = ()) -> list[str]:
    """Write every output or none: each is produced into a temporary file next
    to its target, then all are renamed into place.  Returns ``wrote OPTION to
    PATH`` lines.  An ``OSError`` is refused as a :class:`UsageError` naming the
    option; any failure removes the temporary files and re-raises."""
    check_outputs([(option, path) for option, path, _ in outputs], inputs)
    made: list[tuple[str, str, str]] = []  # option, temporary path, target
    try:
        for option, path, write in outputs:
            folder = os.path.dirname(path) or "."
            suffix = os.path.splitext(path)[1]  # matplotlib picks the format by it
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=suffix, dir=folder)
                os.close(fd)
            except OSError as err:
                raise _refused(err, option, path) from None
            made.append((option, tmp, path))
            try:
                write(tmp)
                os.chmod(tmp, 0o666 & ~_umask())
            except OSError as err:
                raise _refused(err, option, path) from None
        for option, tmp, path in made:
            try:
                os.replace(tmp, path)
            except OSError as err:
                raise _refused(err, option, path) from None
    except BaseException:
        for _, tmp, _ in made:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    return [f"wrote {option} to {path}" for option, _, path in made]


def _refused(err: OSError, option: str, path: str) -> DealflowError:
    return UsageError(f"cannot write {abbrev(path)}: {err.strerror or err}", field=option, fix="give a writable path")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
