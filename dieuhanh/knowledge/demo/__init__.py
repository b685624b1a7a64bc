"""Demo data of the knowledge app in the demo province “Tỉnh Sông Hồng (DEMO)”.

`seminar` loads the past seminar, its contributions and assessments and the guidance document
with two versions; `resolution` (when present) the thematic resolution drawn from them. The
command `seed_demo_knowledge` runs both.
"""
