"""The demo's people: one account per role (README's table), and who among them a bureau would
name for work at a place — the person closest to it whose own scope covers it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from junheng.accounts.choices import Role
from junheng.accounts.models import User
from junheng.registry.models import County, School, Township

DEMO_PASSWORD = "junheng-demo"
DEMO_USERS = ("county_admin", "township_officer", "principal", "inspector")


def demo_accounts_text() -> str:
    return (
        "示范账号 / demo accounts (密码 / password: junheng-demo):\n"
        "  county_admin      县教育局管理员 / county bureau\n"
        "  township_officer  乡镇教办 / township office\n"
        "  principal         校长 / principal\n"
        "  inspector         督学·包校干部 / inspector\n"
    )


def account_create(username: str, last_name: str, role: str, **scope: Any) -> User:
    """A demo account. Accounts have no service of their own (the Django admin makes them):
    the demo writes the row, with the scope its role needs."""
    user = User(username=username, last_name=last_name, role=role, **scope)
    user.full_clean(exclude=["password"])
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def bureau_admin(county: County) -> User:
    return account_create("county_admin", "王建华", Role.COUNTY_ADMIN, county=county)


@dataclass(frozen=True)
class Cast:
    """The four demo accounts and the places they act for."""

    admin: User
    officer: User
    principal: User
    inspector: User

    @property
    def county(self) -> County:
        return self.admin.county

    @property
    def township(self) -> Township:
        """The officer's township (the principal's school lies in it)."""
        return self.officer.township

    @property
    def school(self) -> School:
        """The principal's school."""
        return self.principal.school

    def closest(self, school: School | None = None, township: Township | None = None) -> User:
        """Whom the bureau names for work at a school (its principal), a township (its
        officer) or the county (itself): the demo account acting nearest to the place. The
        services check that the person may be named there."""
        if school is not None and school.pk == self.principal.school_id:
            return self.principal
        place = school.township_id if school is not None else getattr(township, "pk", None)
        if place is not None and place == self.officer.township_id:
            return self.officer
        return self.admin

    def verifier(self, school: School | None) -> User:
        """Who checks a rectification: the school's inspector if it has one, else the bureau."""
        if school is not None and self.inspector.assigned_schools.filter(pk=school.pk).exists():
            return self.inspector
        return self.admin


def cast_create(admin: User, township: Township, school: School) -> Cast:
    county = admin.county
    officer = account_create(
        "township_officer", "张敏", Role.TOWNSHIP_OFFICER, county=county, township=township
    )
    principal = account_create("principal", "李文静", Role.PRINCIPAL, county=county, school=school)
    inspector = account_create("inspector", "赵志强", Role.INSPECTOR, county=county)
    return Cast(admin, officer, principal, inspector)
