"""Pages of the knowledge app (seminars and contributions, guidance, search, resolutions)."""
