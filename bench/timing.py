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


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"
