"""Configuration for the whole test suite (tests/ and any tests kept beside the apps)."""

from hypothesis import settings

# One Hypothesis profile for every property test. No deadline: the suite runs on two
# processes on small shared machines (CI included), where one example's time measures the
# load, not the code; a slow example is not a failure. print_blob: a failure in CI prints
# what reproduces it (@reproduce_failure).
settings.register_profile("relmgmt", deadline=None, print_blob=True)
settings.load_profile("relmgmt")
