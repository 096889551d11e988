import { Button, Group } from "@mantine/core";
import { Link, useParams } from "react-router";
import { useT } from "../../../web/i18n";
import { PageError, PageLoader, usePageTitle } from "../../../web/ui";
import { type Block, listLabel, type Signature } from "../model";
import { useDocument } from "./DocumentPage";
import "./print.css";

/** The document in the browser, laid out like the printed page (A4 proportions), with a print button. */
export function PrintPage() {
  const { id = "" } = useParams();
  const t = useT();
  const doc = useDocument(id);
  usePageTitle(doc.data?.numberText ?? doc.data?.summary);
  if (doc.isPending) return <PageLoader />;
  if (doc.isError) return <PageError error={doc.error} onRetry={() => void doc.refetch()} />;
  const m = doc.data.model;
  return (
    <div>
      <Group className="chibo-noprint" mb="sm">
        <Button component={Link} to={`/van-ban/${id}`} variant="subtle" size="md">
          ←
        </Button>
        <Button onClick={() => window.print()} size="md">
          {t("ui.documents.print_now")}
        </Button>
      </Group>
      <article className="chibo-paper" lang="vi">
        <div className="chibo-paper-header">
          <div>
            {m.header.superior && <div>{m.header.superior.toLocaleUpperCase("vi")}</div>}
            <div className="b">{m.header.issuer.toLocaleUpperCase("vi")}</div>
            <div>*</div>
            <div>{m.numberLine}</div>
          </div>
          <div>
            <div className="b party">ĐẢNG CỘNG SẢN VIỆT NAM</div>
            <div className="i date">{m.placeDate}</div>
          </div>
        </div>
        {m.draft && <p className="c b">DỰ THẢO</p>}
        <h1 className="c b type">{m.typeName}</h1>
        <p className="c b summary">{m.summary}</p>
        <p className="c">-----</p>
        {m.body.map((b, i) => (
          <BlockView key={i} block={b} />
        ))}
        <div className="chibo-paper-close">
          <div>
            {m.signatures.length >= 2 ? (
              <Sig s={m.signatures[0]!} />
            ) : m.recipients ? (
              <div className="recipients">
                <div className="bi u">Nơi nhận:</div>
                {m.recipients.map((r) => (
                  <div key={r}>{r}</div>
                ))}
              </div>
            ) : null}
          </div>
          <div>{m.signatures.length ? <Sig s={m.signatures[m.signatures.length >= 2 ? 1 : 0]!} /> : null}</div>
        </div>
      </article>
    </div>
  );
}

function Sig({ s }: { s: Signature }) {
  return (
    <div className="c b sig">
      {s.authority && <div>{s.authority}</div>}
      <div>{s.title}</div>
      <div className="space" />
      <div>{s.name}</div>
    </div>
  );
}

function BlockView({ block }: { block: Block }) {
  if (block.kind === "heading") return <h2 className="b heading">{block.text}</h2>;
  if (block.kind === "paragraph")
    return (
      <p className={block.indent === false ? "" : "indent"}>
        {block.spans.map((s, i) => (
          <span key={i} className={`${s.bold ? "b" : ""} ${s.italic ? "i" : ""}`}>
            {s.text}
          </span>
        ))}
      </p>
    );
  if (block.kind === "list")
    return (
      <>
        {block.items.map((item, i) => (
          <p key={i} className="indent">
            {listLabel(block, i)} {item}
          </p>
        ))}
      </>
    );
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {block.header.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {block.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
