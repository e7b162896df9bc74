"""Chinese names for what the pages would otherwise show by its internal name: dataset key paths (the place a
finding concerns), audit-log actions and object types, and the fields an audit entry records.

A key path is named by the text field it is (``department.duties`` → 部门职责), else word by word from the
engine's own ``key_parts`` (the names its messages about stated figures use), with classification codes
named from the catalogue; a path with a part that has no name gets no label (the page then shows only its
cell or line), never the English path.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from juesuan_web.models import ROLES, STATE_LABELS

AUDIT_ACTIONS = {
    "login": "登录",
    "upload": "上传数据",
    "recheck": "重新校验",
    "edit_text": "修改文字内容",
    "submit": "提交",
    "approve": "审核通过",
    "return": "退回",
    "publish": "公开",
    "publish_version": "生成公开版本",
    "reopen": "更正（退回单位）",
    "withdraw": "撤回",
    "bulk_refused": "批量操作未执行",
    "comment": "评论问题",
    "waive": "豁免警告",
    "create_user": "新建用户",
    "update_user": "修改用户信息",
    "reset_password": "重置密码",
    "change_password": "修改本人密码",
    "deactivate_user": "停用账户",
    "reactivate_user": "重新启用账户",
    "import_org": "导入组织机构",
    "set_deadline": "设置报送截止日期",
    "inbox_upload": "上传报告审查",
    "inbox_start": "开始审查",
    "inbox_done": "审查完成",
    "inbox_failed": "审查失败",
    "inbox_requeue": "重新排队审查",
    "inbox_job_done": "审查任务完成",
    "remind": "催报逾期单位",
    "set_mail": "修改邮件设置",
    "test_mail": "发送测试邮件",
}

OBJECT_TYPES = {
    "submission": "申报",
    "user": "用户",
    "org": "组织机构",
    "setting": "设置",
    "published_version": "公开版本",
    "audit_job": "审查任务",
    "audit_document": "审查文件",
}

ENTRY_FIELDS = {
    "state": "状态",
    "version": "版本号",
    "counts": "问题数",
    "field": "文字项",
    "text": "文字",
    "sha256": "文件校验值",
    "dataset_sha256": "数据校验值",
    "filename": "文件名",
    "username": "用户名",
    "display_name": "姓名",
    "role": "角色",
    "org": "所属单位或部门",
    "active": "启用",
    "sessions": "登录会话数",
    "sessions_ended": "结束的登录会话数",
    "other_sessions": "其他登录会话数",
    "password_changed": "已修改密码",
    "key": "设置项",
    "year": "年度",
    "deadline": "截止日期",
    "comment": "意见",
    "finding": "问题",
    "rule_id": "规则",
    "reason": "理由",
    "number": "版次",
    "correction_note": "更正说明",
    "bulk_action": "批量操作",
    "files": "文件",
    "prior": "上年数来源",
    "status": "状态",
    "documents": "文件",
    "attempt": "尝试次数",
    "worker": "处理进程",
    "error": "错误",
    "upload": "上传文件",
    "region": "地区",
    "department": "部门",
    "unit": "单位",
    "email": "电子邮件",
    "units": "催报单位",
    "users": "通知人数",
    "skipped": "今日已催报的单位",
    "host": "邮件服务器",
    "port": "端口",
    "user": "SMTP 用户名",
    "sender": "发件人",
    "security": "加密方式",
    "site": "站点地址",
    "to": "收件人",
    "sent": "已发送",
}

# fields that say what an entry is about: shown even when they are the same before and after
CONTEXT_FIELDS = frozenset({"field", "username", "key", "year", "finding", "rule_id"})

COUNT_NAMES = {"fatal": "严重", "error": "错误", "warning": "警告", "info": "提示"}

_INDEX = re.compile(r"^([A-Za-z_]+)\[(\d+)\]$")
_ITEM_FIELDS = {"use": "用途", "variance_reason": "差异原因", "reason": "差异原因"}


@lru_cache(maxsize=8)
def _parts(profile: str) -> dict[str, str]:
    from juesuan.api import labels

    try:
        return dict(labels(profile)["check_words"]["key_parts"])
    except Exception:  # an unknown profile: the default one's words
        return dict(labels("sichuan")["check_words"]["key_parts"])


def _code_name(code: str, year: int | None) -> str:
    from juesuan.api import catalogue_name  # the engine's naming of a classification code

    try:
        return catalogue_name(code, year or 2024)
    except Exception:
        return ""


def key_label(
    key: str, fields: dict[str, str] | None = None, year: int | None = None, profile: str = "sichuan"
) -> str:
    """The Chinese name of a dataset key path, or "" when a part of it has none."""
    from juesuan_web.texts import FIXED

    if not key:
        return ""
    named = dict(FIXED) | (fields or {})
    if key in named:
        return named[key]
    words = _parts(profile)
    out: list[str] = []
    for token in key.split("."):
        m = _INDEX.match(token)
        if token.isdigit():
            name = _code_name(token, year)
            out.append(f"{token} {name}" if name else token)
        elif m:
            out.append(f"第{int(m.group(2)) + 1}项")
        elif token in _ITEM_FIELDS:
            out.append(_ITEM_FIELDS[token])
        elif re.fullmatch(r"(project|indicator|item)\d+", token):
            out.append(f"第{int(re.sub(r'[a-z]+', '', token)) + 1}项")
        elif token in words:
            if words[token]:
                out.append(words[token])
        elif token == "stated":
            out.append("填列数")
        else:
            return ""
    return "·".join(out)


def entry_value(name: str, value: Any) -> str:
    """One recorded value as a person reads it (states, roles and text-field keys by their Chinese
    names; nested values as JSON with the characters themselves, never ``\\uXXXX``)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if name in ("state", "before_state") and isinstance(value, str):
        return STATE_LABELS.get(value, value)
    if name == "role" and isinstance(value, str):
        return ROLES.get(value, value)
    if name == "bulk_action" and isinstance(value, str):
        return AUDIT_ACTIONS.get(value, value)
    if name == "field" and isinstance(value, str):
        return key_label(value) or value
    if name == "upload" and isinstance(value, dict) and "filename" in value:
        return str(value["filename"])
    if name == "counts" and isinstance(value, dict):
        return "，".join(f"{COUNT_NAMES.get(k, k)} {v}" for k, v in value.items())
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def entry_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, str]]:
    """An audit entry's before and after as rows: the field's Chinese name, its value before and after
    (unchanged fields left out when both sides carry them)."""
    before, after = before or {}, after or {}
    rows = []
    for name in list(before) + [k for k in after if k not in before]:
        if name in before and name in after and before[name] == after[name]:
            if name in CONTEXT_FIELDS:  # what the entry is about, said once
                rows.append(
                    {
                        "name": ENTRY_FIELDS.get(name, name),
                        "before": "",
                        "after": entry_value(name, after[name]),
                    }
                )
            continue
        rows.append(
            {
                "name": ENTRY_FIELDS.get(name, name),
                "before": entry_value(name, before[name]) if name in before else "",
                "after": entry_value(name, after[name]) if name in after else "",
            }
        )
    return rows
