"""The shipped scoring schemes (one JSON file each, read by ``app.domain.schemes``)."""
