"""Safe deployment defaults: the image and compose run production settings without demo data or shipped secrets;
production refuses to start without SECRET_KEY and EMAIL_URL; elsewhere each installation makes its own key.

Docker does not run here: the Dockerfile and docker-compose.yml are read, and the image's build step is run as the
image would run it (same environment, production settings).
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

ROOT = settings.BASE_DIR


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter in the project folder with exactly the environment `env` on top of PATH."""
    base = {"PATH": os.environ["PATH"], "GEO_ACCMR_DATA_DIR": os.environ.get("GEO_ACCMR_DATA_DIR", "")}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env={**base, **env}, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


SETUP = "import django; django.setup(); from django.conf import settings as s; "


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_the_image_runs_production_settings_and_seeds_demo_data_only_on_request() -> None:
    instructions = dockerfile_instructions()
    env_lines = " ".join(args for name, args in instructions if name == "ENV")
    assert "DJANGO_SETTINGS_MODULE=geo_accmr.settings.production" in env_lines
    assert "SEED_DEMO=0" in env_lines
    assert not re.search(r"\b(SECRET_KEY|EMAIL_URL)=", env_lines), "a secret baked into the image"
    [cmd] = [args for name, args in instructions if name == "CMD"]
    command = " ".join(eval(cmd))  # noqa: S307 - the JSON-array form of CMD, from our own Dockerfile
    assert "settings.base" not in command
    # seed_demo runs only inside the SEED_DEMO=1 branch
    assert command.count("seed_demo") == 1
    assert re.search(r'if \[ "\$SEED_DEMO" = 1 \]; then [^;]*seed_demo[^;]*; fi', command)
    assert "gunicorn -c gunicorn.conf.py" in command


def test_the_image_build_step_works_with_production_settings_and_build_only_values(tmp_path: Path) -> None:
    """The collectstatic RUN line as the build runs it: its own throw-away values, production settings."""
    [build] = [args for name, args in dockerfile_instructions() if name == "RUN" and "collectstatic" in args]
    assignments = dict(re.findall(r'(\w+)=("\$\(.*?\)"|\S+)', build.split("sh -c")[0]))
    assert set(assignments) == {"SECRET_KEY", "EMAIL_URL", "DATABASE_URL"}
    env = {name: value for name, value in assignments.items() if not value.startswith('"$(')}
    env["SECRET_KEY"] = subprocess.run(  # noqa: S603 - the Dockerfile's own key command
        shlex.split(assignments["SECRET_KEY"].strip('"$()').replace("python", sys.executable, 1)),
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    env["DJANGO_SETTINGS_MODULE"] = "geo_accmr.settings.production"
    code = SETUP + (
        "from django.core.management import call_command; "
        f"s.STATIC_ROOT = {str(tmp_path / 'static')!r}; "
        "call_command('collectstatic', '--noinput', '--dry-run', verbosity=0); print(s.DEBUG, s.SECURE_SSL_REDIRECT)"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_compose_runs_production_settings_and_requires_every_secret_from_the_environment() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]["environment"]
    assert web["DJANGO_SETTINGS_MODULE"] == "geo_accmr.settings.production"
    assert web["SECRET_KEY"] == "${SECRET_KEY:?set SECRET_KEY}"
    assert web["EMAIL_URL"] == "${EMAIL_URL:?set EMAIL_URL}"
    assert str(web["SEED_DEMO"]) == "${SEED_DEMO:-0}"
    db = compose["services"]["db"]["environment"]
    assert db["POSTGRES_PASSWORD"] == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    assert "${POSTGRES_PASSWORD:?" in web["DATABASE_URL"]


def test_production_refuses_to_start_without_secret_key_or_email_url_and_says_what_to_set(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    common = {"DJANGO_SETTINGS_MODULE": "geo_accmr.settings.production", "GEO_ACCMR_SECRET_KEY_FILE": str(key_file)}
    no_mail = run_python(SETUP, {**common, "SECRET_KEY": "k" * 60})
    assert no_mail.returncode != 0
    assert "ImproperlyConfigured" in no_mail.stderr and "EMAIL_URL (how invitations" in no_mail.stderr
    no_key = run_python(SETUP, {**common, "EMAIL_URL": "smtp+tls://u:p@mail.example.org:587"})
    assert "ImproperlyConfigured" in no_key.stderr and "SECRET_KEY (a long random string" in no_key.stderr
    assert not key_file.exists(), "production made up a key of its own"
    both = run_python(
        SETUP + "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.SECRET_KEY == 'k' * 60)",
        {**common, "SECRET_KEY": "k" * 60, "EMAIL_URL": "smtp+tls://u:p@mail.example.org:587"},
    )
    assert both.returncode == 0, both.stderr
    assert both.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "mail.example.org", "True"]


def test_without_secret_key_each_installation_makes_and_keeps_its_own_random_key(tmp_path: Path) -> None:
    """`make run` and `make test` need no configuration, and no key is shared between installations."""
    code = SETUP + "print(s.SECRET_KEY)"
    keys = {}
    for name in ("one", "two"):
        env = {"DJANGO_SETTINGS_MODULE": "geo_accmr.settings.base", "GEO_ACCMR_SECRET_KEY_FILE": str(tmp_path / name)}
        first, again = run_python(code, env), run_python(code, env)
        assert first.returncode == 0, first.stderr
        assert first.stdout == again.stdout, "the key changed between two starts"
        keys[name] = first.stdout.strip()
        assert (tmp_path / name).read_text().strip() == keys[name]
        assert (tmp_path / name).stat().st_mode & 0o077 == 0  # the owner's only
    assert keys["one"] != keys["two"]
    assert all(len(key) >= 50 for key in keys.values())
    given = run_python(code, {"DJANGO_SETTINGS_MODULE": "geo_accmr.settings.base", "SECRET_KEY": "s" * 50})
    assert given.stdout.strip() == "s" * 50


def test_the_key_file_is_git_ignored() -> None:
    ignored = subprocess.run(  # noqa: S603, S607
        ["git", "check-ignore", "-q", ".secret_key"], cwd=ROOT, capture_output=True
    )
    assert ignored.returncode == 0
