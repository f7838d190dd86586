"""No file in the project's static/ hides an app's static file of the same path (the app's would never be served)."""

from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_no_static_file_shadows_an_apps_own() -> None:
    project = {
        path.relative_to(folder).as_posix()
        for folder in map(Path, settings.STATICFILES_DIRS)
        for path in folder.rglob("*")
        if path.is_file()
    }
    shadowed = [
        f"{config.label}: {path.relative_to(Path(config.path) / 'static').as_posix()}"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and (Path(config.path) / "static").is_dir()
        for path in (Path(config.path) / "static").rglob("*")
        if path.is_file() and path.relative_to(Path(config.path) / "static").as_posix() in project
    ]
    assert shadowed == []
