"""Map independent, picklable tasks over worker processes — or a Dask cluster — in order.

``map_tasks(fn, tasks)`` is ``[fn(t) for t in tasks]``, run in a process pool
of ``min(len(tasks), os.cpu_count())`` workers (``workers=`` overrides it; one
worker, or one task, runs in this process and starts no pool). The results come
back in the order of ``tasks`` whatever order the workers finish in, so a
seeded, deterministic ``fn`` gives the same list serially and in parallel.

Rules for callers:

* ``fn`` is a module-level function and each task and result is picklable
  (a :class:`~mailsim.scenario.model.Scenario` is; send small results back —
  an outcome record, not a whole trace, when the trace is not needed).
* ``fn`` must not depend on state left by an earlier task in the same process:
  a worker runs several tasks one after another.

A task that raises does not leave a traceback or a hanging pool: the other
tasks are cancelled, the workers still running one are ended, and
:class:`TaskFailed` says which task failed and why (``str()`` is the message
to print; ``mailsim`` exits with status 1). A
:class:`ScenarioError` raised by a task is raised again as itself, exit 2.
A worker process that dies (killed, out of memory) gives ``TaskFailed`` too.

Workers are forked while this process runs a single thread: they start at once
with everything already imported. With other threads running (fork would copy
a lock another thread holds, locked forever) they come from a fork server that
imports ``fn``'s module once, about a second more; so a rich progress bar around
``map_tasks`` should be ``Progress(auto_refresh=False)``, refreshed in ``on_done``.

``dask="tcp://host:8786"`` sends the same tasks to an existing Dask cluster
through ``distributed.Client`` (``pip install 'mailsim[dask]'``); the cluster's
workers need mailsim installed. Dask is imported only then.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from mailsim.scenario.errors import ScenarioError

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")

DASK_CONNECT_TIMEOUT = 10.0  # seconds to wait for a scheduler to answer
DASK_INSTALL = "pip install 'mailsim[dask]'"


class TaskFailed(Exception):
    """A task failed, or a worker process died; ``str()`` is the message to print."""


@dataclass(frozen=True, slots=True)
class _Failure:
    """What went wrong in a task, in a form that always pickles."""

    detail: str
    scenario_error: tuple[str, list[tuple[str, str]]] | None = None


def _guarded(fn: Callable[[T], R], task: T) -> R | _Failure:
    """Run one task; turn its exception into a picklable :class:`_Failure`."""
    try:
        return fn(task)
    except ScenarioError as exc:  # its constructor takes two arguments: not picklable as is
        return _Failure(exc.message, (exc.source, exc.problems))
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" (at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno})" if frames else ""
        return _Failure(f"{type(exc).__name__}: {exc}{where}")


def _unwrap(result: R | _Failure, name: str) -> R:
    if isinstance(result, _Failure):
        if result.scenario_error is not None:
            raise ScenarioError(*result.scenario_error)
        raise TaskFailed(f"{name}: failed: {result.detail}")
    return result


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the parent, which cancels them (no traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context(preload: str) -> Any:
    """fork when it is safe (this process runs one thread, not macOS): workers start at once
    with everything imported; otherwise a fork server that imports ``preload`` once, or spawn."""
    import multiprocessing  # here, not at the top: the CLI imports this module for TaskFailed

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([preload])
        return context
    return multiprocessing.get_context("spawn")


def default_workers(tasks: int) -> int:
    """One worker per task, at most one per core."""
    return max(1, min(tasks, os.cpu_count() or 1))


def map_tasks(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    *,
    workers: int | None = None,
    names: Sequence[str] | None = None,
    on_done: Callable[[int], None] | None = None,
    dask: str | None = None,
) -> list[R]:
    """``[fn(t) for t in tasks]`` over worker processes (or a Dask cluster), in task order.

    ``names`` name the tasks in failure messages (default: ``task 1``...);
    ``on_done(index)`` is called in this process as each task finishes (a progress bar).
    """
    labels = list(names) if names is not None else [f"task {i + 1}" for i in range(len(tasks))]
    done = on_done or (lambda index: None)
    if dask is not None:
        return _dask_map(fn, tasks, dask, labels, done)
    count = default_workers(len(tasks)) if workers is None else max(1, min(workers, len(tasks)))
    if count <= 1:
        results = []
        for index, task in enumerate(tasks):
            results.append(_unwrap(_guarded(fn, task), labels[index]))
            done(index)
        return results
    return _pool_map(fn, tasks, count, labels, done)


def _pool_map(fn: Callable[[T], R], tasks: Sequence[T], count: int, labels: list[str],
              done: Callable[[int], None]) -> list[R]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(max_workers=count, mp_context=_context(fn.__module__),
                                   initializer=_ignore_interrupt)
    futures: list[Future[R | _Failure]] = [executor.submit(_guarded, fn, task) for task in tasks]
    index_of = {future: index for index, future in enumerate(futures)}
    results: list[R | None] = [None] * len(tasks)
    pending = set(futures)
    try:
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=index_of.__getitem__):
                index = index_of[future]
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    raise TaskFailed(f"{labels[index]}: a worker process stopped unexpectedly "
                                     "(killed, or out of memory?)") from None
                except Exception as exc:  # the task or its result could not be pickled
                    raise TaskFailed(f"{labels[index]}: could not be run in a worker process: "
                                     f"{type(exc).__name__}: {exc}") from None
                results[index] = _unwrap(outcome, labels[index])
                done(index)
    except BaseException:  # a failure, or Ctrl-C: the runs still going are not waited for
        _stop_workers(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return results  # type: ignore[return-value]  # every slot was filled above


def _stop_workers(executor: Any) -> None:
    """End the pool's processes now. ``ProcessPoolExecutor`` has no public way before
    Python 3.14 (``terminate_workers``); its ``_processes`` has been there since 3.2."""
    stop = getattr(executor, "terminate_workers", None)
    if stop is not None:
        stop()
        return
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.terminate()


def _check_address(address: str, where: str) -> None:
    """Refuse an address Dask cannot parse before a Client is made of it (a half-made
    Client spends 20 s closing itself when collected, with a traceback)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    try:
        scheme, location = parse_address(address)
        if scheme not in backends:
            raise ValueError(f"unknown scheme {scheme!r}; known: {', '.join(sorted(backends))}")
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as exc:
        raise ScenarioError(where, [("", f"expected a scheduler address such as tcp://host:8786 "
                                     f"({exc})")]) from None


def _dask_map(fn: Callable[[T], R], tasks: Sequence[T], address: str, labels: list[str],
              done: Callable[[int], None]) -> list[R]:
    """The same tasks on an existing Dask cluster: ``client.submit`` each, gather in order."""
    where = f"--dask {address}"
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ScenarioError(where, [("", f"Dask is not installed; {DASK_INSTALL}")]) from None
    _check_address(address, where)
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call, unused-ignore]
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ScenarioError(where, [("", "expected the address of a running Dask scheduler "
                                     f"(tcp://host:8786); it did not answer: {exc}")]) from None
    try:
        futures = [client.submit(_guarded, fn, task, pure=False) for task in tasks]
        index_of = {future.key: index for index, future in enumerate(futures)}
        results: list[R | None] = [None] * len(tasks)
        for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call, unused-ignore]
            index = index_of[future.key]
            try:
                outcome = future.result()
            except Exception as exc:  # a worker died (KilledWorker) or the cluster went away
                raise TaskFailed(f"{labels[index]}: failed on the Dask cluster: "
                                 f"{type(exc).__name__}: {exc}") from None
            results[index] = _unwrap(outcome, labels[index])
            done(index)
        return results  # type: ignore[return-value]  # every slot was filled above
    finally:
        client.close()  # type: ignore[no-untyped-call, unused-ignore]
