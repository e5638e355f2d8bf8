"""A small knowledge base written for the tests (fictional notices), so that answer and resolver tests
state their expectations on text they control rather than on a sample's wording."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from knowledge import KnowledgeBase

TODAY = date(2026, 3, 20)
GIANT = "kt_xuhui_xiaojuren_2026"
AI = "kt_xuhui_rengongzhineng_2025"

DOCS = {
    f"{GIANT}.txt": (
        "关于开展2026年徐汇区科技小巨人企业培育项目申报工作的通知\n"
        "各有关企业：\n"
        "一、申报条件\n"
        "（一）在徐汇区注册登记、具有独立法人资格的企业。\n"
        "（二）上年度营业收入不超过2亿元。\n"
        "二、支持标准\n"
        "对通过评审的企业，每家给予一次性资助40万元。\n"
        "三、申报时间\n"
        "第一批申报时间为2026年3月1日至2026年3月31日。\n"
        "第二批申报时间为2026年9月1日至2026年9月30日。\n"
        "四、申报方式\n"
        "申报单位登录区政务服务平台在线填报，并将盖章后的纸质材料一式两份送至区科委。\n"
        "五、评审方式\n"
        "区科委组织行业专家对申报项目进行现场考察和会议评审，评审结果在区政府网站公示七天。\n"
        "六、联系方式\n"
        "联系人：王老师，联系电话：021-64871234。\n"
    ),
    f"{AI}.txt": (
        "徐汇区关于支持人工智能产业发展的若干措施\n"
        "第一条 本措施适用于在徐汇区注册的人工智能企业。\n"
        "第二条 对完成大模型备案的企业，给予最高100万元奖励。\n"
        "第三条 对新建算力中心的企业，按设备投资额的10%给予补贴。\n"
        "第四条 本措施自发布之日起施行。\n"
    ),
    "kt_shili_jigai_2025.txt": (
        "关于组织2025年度示例区技术改造专项资金申报的通知\n"
        "一、支持对象\n示例区内实施技术改造的工业企业。\n"
        "二、申报材料\n项目申报书、营业执照复印件和设备购置发票。\n"
    ),
    "kt_shili_jigai_2026.txt": (
        "关于组织2026年度示例区技术改造专项资金申报的通知\n"
        "一、支持对象\n示例区内实施技术改造的工业企业。\n"
        "二、申报材料\n项目申报书、营业执照复印件和设备购置合同。\n"
    ),
}
SOURCES = (
    "file\tkind\tregion\tissuer\tissued_date\tsource_address\ttruncated\ttitle\n"
    f"{GIANT}.txt\tnotice\t上海市徐汇区\t徐汇区科学技术委员会\t2026-02-10\t测试文档\tno\t\n"
    f"{AI}.txt\tpolicy\t上海市徐汇区\t徐汇区人民政府\t2025-05-01\t测试文档\tno\t\n"
    "kt_shili_jigai_2025.txt\tnotice\t示例市示例区\t示例区经济委员会\t2025-04-01\t测试文档\tno\t\n"
    "kt_shili_jigai_2026.txt\tnotice\t示例市示例区\t示例区经济委员会\t2026-04-01\t测试文档\tno\t\n"
)


def build(root: Path) -> KnowledgeBase:
    """The documents above written under ``root/docs`` and ingested into ``root/kb``."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "sources.tsv").write_text(SOURCES, encoding="utf-8")
    kb = KnowledgeBase(root / "kb")
    kb.ingest([docs])
    return kb
