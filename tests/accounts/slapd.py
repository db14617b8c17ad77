"""
A real OpenLDAP server for the directory sign-in tests: Debian's slapd on a free
loopback port, with its own configuration and database in a temporary folder,
loaded with a small directory (``DIRECTORY``) and stopped at the end.

The memberof overlay keeps each person's ``memberOf`` as Active Directory does,
so both ways of reading groups (the attribute, a group search) are exercised.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SLAPD = shutil.which("slapd") or ("/usr/sbin/slapd" if Path("/usr/sbin/slapd").exists() else None)
LDAPADD = shutil.which("ldapadd")
MODULES = "/usr/lib/ldap"
SCHEMA = "/etc/ldap/schema"

BASE = "dc=hongshan,dc=gov,dc=cn"
ADMIN_DN = f"cn=admin,{BASE}"
ADMIN_PASSWORD = "directory-admin-secret"
PEOPLE = f"ou=people,{BASE}"
GROUPS = f"ou=groups,{BASE}"
# Everyone's password in the directory (not Luoshi's: Luoshi never stores it).
USER_PASSWORD = "Directory-Pass-2023"

MISSING = (
    "Debian's slapd and ldap-utils are not installed (apt-get install slapd ldap-utils; "
    ".ci/run installs them): the directory sign-in tests need a real OpenLDAP server"
)


def available() -> bool:
    return bool(SLAPD and LDAPADD and Path(MODULES, "back_mdb.so").exists())


def person(uid: str, name: str, *, mail: str = "", extra: str = "") -> str:
    lines = [
        f"dn: uid={uid},{PEOPLE}",
        "objectClass: inetOrgPerson",
        f"uid: {uid}",
        f"cn: {name}",
        f"sn: {name[0]}",
        f"userPassword: {USER_PASSWORD}",
    ]
    if mail:
        lines.append(f"mail: {mail}")
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def group(cn: str, *members: str) -> str:
    lines = [f"dn: cn={cn},{GROUPS}", "objectClass: groupOfNames", f"cn: {cn}"]
    lines += [f"member: uid={uid},{PEOPLE}" for uid in members]
    return "\n".join(lines)


# The small directory: two bureaus' staff, the office's supervisors, a leader, people in no
# mapped group, one the office has disabled (employeeType), and a local name clash.
DIRECTORY = "\n\n".join(
    [
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: hongshan\no: 洪山区",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups",
        person("zhangwei", "张伟", mail="zhangwei@hongshan.gov.cn"),
        person("lina", "李娜", mail="lina@hongshan.gov.cn"),
        person("wangfang", "王芳", extra="departmentNumber: KJJ"),
        person("liuyang", "刘洋"),
        person("chenjing", "陈静"),
        person("nobody", "赵无"),
        person("leaver", "孙离"),
        person("disabled", "周停", extra="employeeType: disabled"),
        person("admin", "吴管"),
        person("takeover", "郑接"),
        group("fgj-staff", "zhangwei", "leaver", "disabled", "takeover"),
        group("kjj-staff", "lina"),
        group("duchashi", "liuyang", "lina"),
        group("leaders", "chenjing"),
        group("it-admins", "admin"),
    ]
)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    folder: Path

    def ldap(self, tool: str, ldif: str) -> None:
        """Run ldapadd / ldapmodify / ldapdelete as the directory's administrator."""
        subprocess.run(
            [tool, "-x", "-H", self.url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD],
            input=(ldif + "\n").encode(),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(folder: Path) -> Server:
    """Start slapd in ``folder`` on a free loopback port, load ``DIRECTORY``, return it."""
    data = folder / "data"
    data.mkdir(parents=True)
    conf = folder / "slapd.conf"
    conf.write_text(
        "\n".join(
            [
                f"include {SCHEMA}/core.schema",
                f"include {SCHEMA}/cosine.schema",
                f"include {SCHEMA}/inetorgperson.schema",
                f"include {SCHEMA}/nis.schema",
                f"pidfile {folder}/slapd.pid",
                f"modulepath {MODULES}",
                "moduleload back_mdb",
                "moduleload memberof",
                "database mdb",
                "maxsize 10485760",
                f"suffix {BASE}",
                f"rootdn {ADMIN_DN}",
                f"rootpw {ADMIN_PASSWORD}",
                f"directory {data}",
                "overlay memberof",
                "access to attrs=userPassword by self auth by anonymous auth by * none",
                "access to * by * read",
                "",
            ]
        )
    )
    port = free_port()
    url = f"ldap://127.0.0.1:{port}/"
    # -d 0: stay in the foreground (a child we can stop), logging nothing.
    process = subprocess.Popen(
        [SLAPD, "-f", str(conf), "-h", url, "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Server(url=url.rstrip("/"), process=process, folder=folder)
    deadline = time.monotonic() + 15
    while True:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace")
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"slapd did not start: {error}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("slapd did not answer within 15 seconds") from None
            time.sleep(0.05)
    server.ldap("ldapadd", DIRECTORY)
    return server
