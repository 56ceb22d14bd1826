"""The one upload service (``app.services.uploads``), configured for the running app: for views only."""

from pathlib import Path

from flask import current_app

from app.services import uploads


def upload_store(extensions: tuple[str, ...]) -> uploads.Uploads:
    """Kept uploads of the given kinds, in the instance's upload folder, with the configured limits."""
    return uploads.Uploads(
        Path(current_app.instance_path) / "uploads", tuple(extensions), uploads.Limits.from_config(current_app.config)
    )


def zip_limits() -> dict:
    """The archive limits the readers of Office files take (``check_zip``'s keywords)."""
    limits = uploads.Limits.from_config(current_app.config)
    return {"max_entries": limits.max_entries, "max_uncompressed": limits.max_uncompressed}
