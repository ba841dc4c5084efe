"""docs/deploy.md and the files in deploy/ (issue #10, build 2): the systemd units pass
`systemd-analyze verify`, the nginx site passes `nginx -t`, and every setting and command
the guide names exists. Where a checker is not on the machine, its test is skipped (CI
installs nginx; systemd-analyze comes with Debian)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

from beeldwacht.tests.installations import ROOT

DEPLOY = ROOT / "deploy"
GUIDE = (ROOT / "docs" / "deploy.md").read_text()
INSTALLED = "/opt/beeldwacht/.venv/bin/beeldwacht"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze here")
def test_the_systemd_units_verify(tmp_path):
    # The units name the installed program; here it is this checkout's.
    program = Path(sys.executable).parent / "beeldwacht"
    assert program.exists()
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text()
        assert unit.suffix == ".timer" or INSTALLED in text
        (tmp_path / unit.name).write_text(text.replace(INSTALLED, str(program)))
    units = sorted(str(p) for p in tmp_path.iterdir())
    checked = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(not shutil.which("nginx"), reason="no nginx here")
def test_the_nginx_site_passes_nginx_t(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=beeldwacht.example.nl",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "beeldwacht.conf").read_text()
    live = "/etc/letsencrypt/live/beeldwacht.example.nl/"
    assert live in site
    site = site.replace(live + "fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace(live + "privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include {tmp_path}/site.conf;\n}}\n"
    )
    checked = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site


def test_every_setting_the_guide_and_the_example_name_is_read():
    # The settings module reads them all, except the web server's own (`beeldwacht serve`).
    settings_source = (ROOT / "beeldwacht" / "settings.py").read_text() + (
        ROOT / "beeldwacht" / "common" / "management" / "commands" / "serve.py"
    ).read_text()
    example = (ROOT / ".env.example").read_text()
    in_example = set(re.findall(r"^([A-Z_][A-Z0-9_]+)=", example, re.M))
    in_guide = set(re.findall(r"`([A-Z][A-Z0-9]*_[A-Z0-9_]+)", GUIDE)) - {"X_FORWARDED_PROTO"}
    for name in in_example | in_guide:
        # NAME_FILE is how a secret NAME is read from a file (common.env.env_secret).
        secret = name.endswith("_FILE") and f'env_secret("{name.removesuffix("_FILE")}"'
        read = f'"{name}"' in settings_source or (secret and secret in settings_source)
        assert read, f"{name} is not read by the settings"
    assert "BACKUP_KEY_FILE" in in_guide


def test_every_command_the_guide_and_the_units_run_exists():
    """`beeldwacht X` in the guide's text and code, and the units' ExecStart lines."""
    texts = [GUIDE, *(unit.read_text() for unit in (DEPLOY / "systemd").iterdir())]
    run = re.compile(r"(?:bin/|`|^)beeldwacht ((?:--?[\w-]+ \S+ )*)([a-z][a-z-]+)", re.M)
    named = {command for text in texts for _options, command in run.findall(text)}
    assert {"serve", "worker", "backup", "restore", "status", "migrate", "warm-up"} <= named
    assert named - set(get_commands()) == set()
