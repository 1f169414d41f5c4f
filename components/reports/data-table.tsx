/**
 * A report's data table: the numbers behind a chart (or a table of figures on its own). Wide
 * tables scroll inside their box on phones instead of widening the page. Cells come formatted.
 */
export function DataTable({ id, caption, columns, rows, numeric, srCaption = false }: { id?: string; caption: string; columns: string[]; rows: React.ReactNode[][]; numeric: boolean[]; srCaption?: boolean }) {
  return (
    <div className="overflow-x-auto print:overflow-visible" role="region" aria-labelledby={id ? `${id}-caption` : undefined} tabIndex={0}>
      <table className="w-full min-w-max border-collapse text-sm" data-testid={id}>
        <caption id={id ? `${id}-caption` : undefined} className={srCaption ? "sr-only" : "mb-1 text-left font-semibold"}>
          {caption}
        </caption>
        <thead>
          <tr className="border-b-2 border-slate-400">
            {columns.map((c, i) => (
              <th key={c} scope="col" className={`px-2 py-1 align-bottom ${numeric[i] ? "text-right" : "text-left"}`}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className="border-b border-slate-200">
              {r.map((c, k) =>
                k === 0 ? (
                  <th key={k} scope="row" className="px-2 py-1 text-left font-normal">
                    {c}
                  </th>
                ) : (
                  <td key={k} className={`px-2 py-1 tabular-nums ${numeric[k] ? "text-right" : "text-left"}`}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
