"""Shared context for seed_demo. Each app's `demo.py` exposes `seed(ctx: DemoContext)`.

Seeders must be idempotent (get_or_create on natural keys) and draw every random choice from
`ctx.random` so the same --seed gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TextIO

DEMO_PASSWORD = "demo-pass-2026"


@dataclass
class DemoContext:
    seed: int
    scale: int
    stdout: TextIO
    random: random.Random = field(init=False)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, email, password)
    quiet: bool = False
    password: str = DEMO_PASSWORD  # every demo log-in's password

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    def rng(self, name: str) -> random.Random:
        """A generator per seeder, so adding data in one app never reshuffles another app's data."""
        return random.Random(f"{self.seed}:{name}")

    def add_login(self, role: str, email: str, password: str = DEMO_PASSWORD) -> None:
        self.logins.append((role, email, password))

    def log(self, message: str) -> None:
        if not self.quiet:
            self.stdout.write(message + "\n")
