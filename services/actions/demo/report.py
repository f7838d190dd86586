"""What `demo_seed` hands back: its report, or the error that stopped it."""

from dataclasses import dataclass, field


class DemoSeedError(Exception):
    """The demo data cannot be made (e.g. the reference data is not loaded)."""


@dataclass
class DemoReport:
    """What `demo_seed` wrote, and how long each step took (seconds)."""

    organizations: int = 0
    services: int = 0
    locations: int = 0
    municipalities: int = 0
    rows: int = 0
    new: bool = True  # False: the same seed and size had run before, and its records were updated in place
    seconds: dict[str, float] = field(default_factory=dict)
    table_seconds: dict[str, float] = field(default_factory=dict)  # the "write" step, table by table

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())
