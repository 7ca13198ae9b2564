import statistics
import time


def median_ms(func, repeat=30, warmup=3, before=None) -> float:
    """The median time of ``func``; ``before``, if given, runs untimed before each call."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def interleaved_medians(calls: dict, repeat=40, warmup=3) -> dict:
    """The median time of each of ``calls`` (name -> function, or (function, before)),
    sampled in rounds that take one sample of each in turn: on a shared machine the load
    drifts, and interleaving lets every call meet the same drift, so their ratios hold."""
    calls = {
        name: call if isinstance(call, tuple) else (call, None) for name, call in calls.items()
    }
    for func, _before in calls.values():
        for _ in range(warmup):
            func()
    samples = {name: [] for name in calls}
    for _ in range(repeat):
        for name, (func, before) in calls.items():
            if before is not None:
                before()
            started = time.perf_counter()
            func()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def list_medians(pages, *, bare: str, urls: dict, changed_url: str, change) -> dict:
    """A list benchmark's medians: the bare view at ``bare`` and each of ``urls`` (name ->
    URL) interleaved; then, apart (a change before every sample would make the other pages
    count anew too), ``changed_url`` right after each ``change``, as "changed", put on the
    scale of the first round by the bare view timed beside it in both."""
    bare_view = pages.call(bare)
    timed = interleaved_medians(
        {"bare": bare_view, **{name: pages.call(url) for name, url in urls.items()}}
    )
    after = interleaved_medians({"bare": bare_view, "changed": (pages.call(changed_url), change)})
    return {**timed, "changed": after["changed"] * timed["bare"] / after["bare"]}


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"
