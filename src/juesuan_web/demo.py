"""``juesuan serve --demo``: the example department plus generated departments and units, users for every
role, submissions in every state (one of them published) and a 报送截止日期. Loading twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from juesuan.api import EXAMPLE_DATASET
from juesuan_web import security, workflow
from juesuan_web.deadlines import deadline_key
from juesuan_web.models import ADMIN, BUREAU_REVIEWER, DEPT_REVIEWER, FILLER, AppSetting, Org, User
from juesuan_web.settings import Settings
from juesuan_web.workflow import Actor

DEMO_PASSWORD = "demo-2024"
EXAMPLE_NAME = "乐山市金口河区信访局"
EXAMPLE_SHORT = "区信访局"

REGION = ("511113", "乐山市金口河区")
# department code, name, [(unit code, unit name, unit type, what happens to it)]
DEPARTMENTS = [
    ("101", EXAMPLE_NAME, [("101001", EXAMPLE_NAME, "行政单位", "publish")]),
    (
        "102",
        "乐山市金口河区教育局",
        [
            ("102001", "乐山市金口河区教育局（本级）", "行政单位", "submit"),
            ("102002", "乐山市金口河区第一小学", "事业单位", "none"),
        ],
    ),
    (
        "103",
        "乐山市金口河区卫生健康局",
        [
            ("103001", "乐山市金口河区卫生健康局（本级）", "行政单位", "draft"),
            ("103002", "乐山市金口河区人民医院", "事业单位", "return"),
            ("103003", "乐山市金口河区疾病预防控制中心", "事业单位", "approve"),
        ],
    ),
]


def example_dataset() -> Path:
    """The bundled example (in the source tree; not part of an installed wheel)."""
    path = EXAMPLE_DATASET
    if not path.is_file():
        raise FileNotFoundError(f"找不到示例数据集 {path}：--demo 需要在源代码目录中运行")
    return path


def dataset_for(unit_name: str) -> bytes:
    text = example_dataset().read_text(encoding="utf-8")
    if unit_name != EXAMPLE_NAME:
        text = text.replace(f"short_name: {EXAMPLE_SHORT}", f"short_name: {unit_name}")
        text = text.replace(f"  name: {EXAMPLE_NAME}", f"  name: {unit_name}", 1)
    return text.encode("utf-8")


def load_demo(sessions: sessionmaker[Session], settings: Settings) -> list[tuple[str, str, str]]:
    """Create the demo data unless it is there; returns (user name, role, what) for the console."""
    with sessions() as db:
        if db.scalar(select(Org).where(Org.code == REGION[0])) is not None:
            return _accounts(db)
        fast = settings.fast_password_hash

        def user(username: str, name: str, role: str, org: Org | None) -> User:
            u = User(
                username=username,
                display_name=name,
                password_hash=security.hash_password(DEMO_PASSWORD, fast),
                role=role,
                org_id=org.id if org else None,
            )
            db.add(u)
            db.flush()
            return u

        region = Org(code=REGION[0], name=REGION[1], kind="region")
        db.add(region)
        db.flush()
        if db.scalar(select(User).where(User.username == "admin")) is None:
            user("admin", "系统管理员", ADMIN, None)
        bureau = user("czj", "财政局审核人", BUREAU_REVIEWER, None)
        plan = []
        for code, name, units in DEPARTMENTS:
            dept = Org(code=code, name=name, kind="department", parent_id=region.id)
            db.add(dept)
            db.flush()
            reviewer = user(f"bm{code}", f"{name}审核人", DEPT_REVIEWER, dept)
            for ucode, uname, utype, fate in units:
                unit = Org(code=ucode, name=uname, kind="unit", unit_type=utype, parent_id=dept.id)
                db.add(unit)
                db.flush()
                filler = user(f"tb{ucode}", f"{uname}填报人", FILLER, unit)
                plan.append((unit, filler, reviewer, fate))
        year = settings.year
        # the 报送截止日期 of the demo year (past, so the dashboard shows which units are 逾期)
        db.add(AppSetting(key=deadline_key(year), value=f"{year + 1}-06-30"))
        db.commit()
        for unit, filler, reviewer, fate in plan:
            if fate == "none":
                continue
            workflow.upload(
                db,
                Actor(filler),
                unit,
                year,
                "dataset.yaml",
                dataset_for(unit.name),
                settings.max_upload_bytes,
                None,
            )
            if fate != "draft":
                workflow.submit(db, Actor(filler), unit, year, None)
            if fate == "return":
                workflow.send_back(db, Actor(reviewer), unit, year, None, "请补充“三公”经费变动原因的说明。")
            if fate in ("approve", "publish"):
                workflow.approve(db, Actor(reviewer), unit, year, None)
            if fate == "publish":
                workflow.publish(db, Actor(bureau), unit, year, None, settings.publish_formats)
            db.commit()
        return _accounts(db)


def _accounts(db: Session) -> list[tuple[str, str, str]]:
    out = []
    for u in db.scalars(select(User).order_by(User.id)):
        org = db.get(Org, u.org_id) if u.org_id else None
        out.append((u.username, u.role, org.name if org else ""))
    return out
