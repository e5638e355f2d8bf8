"""Write the sample Word notice ``knowledge/samples/shiliqu_keji_xiaojuren_2026.docx``.

The notice is fictional and written by the project. It is generated rather than hand-edited so that
its content is reviewable as text here, and it is shaped like Word files met in practice: the title
is a "Heading 1" paragraph (not the "Title" style), each section is a "Heading 2", and the materials
are a two-column table. Run ``.venv/bin/python scripts/make_sample_docx.py`` after editing; the output
is committed. The document properties carry a fixed date so that regenerating changes no visible content.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "knowledge" / "samples" / "shiliqu_keji_xiaojuren_2026.docx"

TITLE = "示例区2026年科技小巨人企业培育项目申报通知"
OPENING = "区内各有关企业：为培育一批创新能力强、成长速度快的科技型企业，区科学技术委员会现组织2026年度科技小巨人企业培育项目申报。"
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "一、申报条件",
        (
            "1. 在示例区注册并纳税，成立时间满3年，具有独立法人资格；",
            "2. 上一年度营业收入在2000万元以上、5亿元以下；",
            "3. 上一年度研发费用占营业收入的比例不低于4%，研发人员占职工总数的比例不低于15%；",
            "4. 拥有有效发明专利2件以上；",
            "5. 近三年没有严重失信记录，也没有因违法行为受到行政处罚。",
        ),
    ),
    (
        "二、支持金额",
        (
            (
                "通过评审的培育企业，按项目研发投入的30%给予资助，最高100万元，分两期拨付：立项后拨付60%，"
                "两年培育期满验收合格后拨付其余40%。"
            ),
        ),
    ),
    (
        "三、申报时间",
        (
            (
                "网上申报时间为2026年11月25日至2027年1月15日。网上申报完成后5个工作日内，"
                "将纸质材料一式两份送至示例区科学技术委员会（示例区政务大道88号2号楼305室）。"
            ),
        ),
    ),
    (
        "四、联系方式",
        (
            (
                "联系人：示例区科学技术委员会科技企业科 张老师，联系电话：021-55502345转601，"
                "电子邮箱：xjr@shiliqu.example.cn。"
            ),
        ),
    ),
    ("五、申报材料", ("申报材料清单见下表，复印件须加盖企业公章。",)),
)
MATERIALS: tuple[tuple[str, str], ...] = (
    ("材料名称", "要求"),
    ("科技小巨人培育项目申报书", "在线填写后打印，法定代表人签字并盖章"),
    ("营业执照复印件", "加盖企业公章"),
    ("上一年度财务审计报告", "由会计师事务所出具"),
    ("研发费用专项审计报告", "由会计师事务所或税务师事务所出具，反映上一年度研发费用"),
    ("发明专利证书复印件", "专利权人须为申报企业"),
)
CLOSING = ("示例区科学技术委员会", "2026年11月20日")
# A fixed creation time keeps regenerated files identical in content (python-docx stamps "now").
CREATED = datetime(2026, 11, 20, tzinfo=UTC)


def build(target: Path) -> Path:
    """Write the notice to ``target`` and return it."""
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(OPENING)
    for heading, paragraphs in SECTIONS:
        document.add_heading(heading, level=2)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    table = document.add_table(rows=len(MATERIALS), cols=2)
    table.style = "Table Grid"
    for row, values in zip(table.rows, MATERIALS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for line in CLOSING:
        document.add_paragraph(line)
    properties = document.core_properties
    properties.title, properties.author = TITLE, "policybot"
    properties.created = properties.modified = CREATED
    properties.last_modified_by = "policybot"
    properties.revision = 1
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TARGET, help=f"output file (default {TARGET})")
    print(build(parser.parse_args().out))


if __name__ == "__main__":
    main()
