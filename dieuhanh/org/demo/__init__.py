"""The demo province “Tỉnh Sông Hồng (DEMO)”: fictional units, people, history and logins.

`data` defines it (pure and deterministic), `build` applies it through the org services without
ever duplicating, and `logins` lists the archetype accounts for the login page and the banner.
"""

from dieuhanh.org.demo.build import build_demo, has_units
from dieuhanh.org.demo.data import demo_plan, working_year_start
from dieuhanh.org.demo.logins import demo_logins, logins_text

__all__ = [
    "build_demo",
    "demo_logins",
    "demo_plan",
    "has_units",
    "logins_text",
    "working_year_start",
]
