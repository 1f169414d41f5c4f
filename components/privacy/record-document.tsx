import type { Block, DocumentSection, RecordDocument } from "@/lib/privacy/document";

/**
 * The record of processing activities (lib/privacy/document.ts) as HTML. Tables turn into one
 * card per row on narrow screens, so nothing scrolls sideways at 320 px.
 */
function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case "paragraph":
      return <p>{block.text}</p>;
    case "list":
      return (
        <ul className="list-disc space-y-2 pl-5">
          {block.items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      );
    case "facts":
      return (
        <dl className="divide-y divide-slate-200">
          {block.items.map((i) => (
            <div key={i.term} className="grid grid-cols-1 gap-1 py-2 md:grid-cols-4">
              <dt className="font-semibold">{i.term}</dt>
              <dd className="[overflow-wrap:anywhere] md:col-span-3">
                {i.text}
                {i.list ? (
                  <ul className="list-disc space-y-1 pl-5">
                    {i.list.map((l) => (
                      <li key={l}>{l}</li>
                    ))}
                  </ul>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      );
    case "table":
      return (
        <>
          <table className="hidden w-full border-collapse text-left text-sm md:table">
            <caption className="sr-only">{block.caption}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                {block.head.map((h) => (
                  <th key={h} scope="col" className="p-2 align-bottom">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((r) => (
                <tr key={r[0]} className="border-b border-slate-200 align-top">
                  {r.map((c, i) =>
                    i === 0 ? (
                      <th key={i} scope="row" className="p-2 font-semibold">
                        {c}
                      </th>
                    ) : (
                      <td key={i} className="p-2 [overflow-wrap:anywhere]">
                        {c}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="space-y-3 md:hidden" aria-label={block.caption}>
            {block.rows.map((r) => (
              <li key={r[0]} className="rounded-lg border border-slate-200 p-3">
                <p className="font-semibold">{r[0]}</p>
                <dl className="mt-1 space-y-1 text-sm">
                  {r.slice(1).map((c, i) => (
                    <div key={i}>
                      <dt className="inline font-semibold">{block.head[i + 1]}: </dt>
                      <dd className="inline [overflow-wrap:anywhere]">{c}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        </>
      );
  }
}

function SectionView({ section, level }: { section: DocumentSection; level: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={section.id} className="space-y-3">
      <Heading id={section.id} className={level === 2 ? "text-xl font-bold" : "text-lg font-bold"}>
        {section.title}
      </Heading>
      {section.blocks.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
      {section.sections?.map((sub) => (
        <SectionView key={sub.id} section={sub} level={3} />
      ))}
    </section>
  );
}

export function RecordDocumentSections({ document }: { document: RecordDocument }) {
  return (
    <>
      {document.sections.map((s) => (
        <div key={s.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
          <SectionView section={s} level={2} />
        </div>
      ))}
    </>
  );
}
