"""What every service's `api/` package shares: dependencies, problem details, paging."""
