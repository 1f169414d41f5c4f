import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { curveMonotoneX, line } from "d3-shape";

/**
 * Server-rendered SVG charts (no JavaScript in the browser): scales from d3-scale, the line path
 * from d3-shape, everything else plain SVG. Each chart is an image with <title> and <desc> (a
 * summary of the values); the page puts the same numbers in a data table right after it.
 * Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies); "planned" also
 * has a hatch pattern, so the series stay apart in a black-and-white printout. Every bar has a
 * dark outline (non-text contrast ≥ 3:1 even for the light orange).
 */
export const COLORS = { blue: "#0072B2", orange: "#E69F00", vermillion: "#D55E00", green: "#009E73", sky: "#56B4E9", purple: "#CC79A7", ink: "#1e293b", grid: "#cbd5e1" } as const;

export type Series = { key: string; label: string; color: string; hatched?: boolean };
type Format = (n: number) => string;

const FONT = 12;
/** viewBox widths: a narrow drawing for phones, a wide one from 640 px (see Responsive) */
export const NARROW = 300;
export const WIDE = 520;

function Defs({ id, series }: { id: string; series: Series[] }) {
  return (
    <defs>
      {series
        .filter((s) => s.hatched)
        .map((s) => (
          <pattern key={s.key} id={`${id}-hatch-${s.key}`} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={s.color} />
            <line x1="0" y1="0" x2="0" y2="6" stroke={COLORS.ink} strokeWidth="1.5" strokeOpacity="0.55" />
          </pattern>
        ))}
    </defs>
  );
}
const fillOf = (id: string, s: Series) => (s.hatched ? `url(#${id}-hatch-${s.key})` : s.color);

function Frame({ id, title, desc, height, width, children }: { id: string; title: string; desc: string; height: number; width: number; children: React.ReactNode }) {
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      className="h-auto max-w-2xl overflow-visible"
      fontFamily="system-ui, sans-serif"
      fontSize={FONT}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {children}
    </svg>
  );
}

/**
 * The same chart drawn twice: narrow for phones (text stays at least ~11 px at 320 px) and wide
 * from the sm breakpoint and in print. Only one is displayed, so assistive technology meets one.
 */
export function Responsive({ render }: { render: (width: number, suffix: string) => React.ReactNode }) {
  return (
    <>
      <div className="sm:hidden print:hidden">{render(NARROW, "-narrow")}</div>
      <div className="hidden sm:block print:block">{render(WIDE, "")}</div>
    </>
  );
}

/** Colour keys as HTML (readable, wraps on phones); hidden from screen readers, the table has the labels. */
export function Legend({ id, series }: { id: string; series: Series[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-hidden="true">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-2">
          <svg width="14" height="14" viewBox="0 0 14 14">
            <Defs id={`${id}-legend`} series={[s]} />
            <rect x="0.5" y="0.5" width="13" height="13" fill={fillOf(`${id}-legend`, s)} stroke={COLORS.ink} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

export type BarRow = { label: string; values: number[]; note?: string };

/** Horizontal (stacked) bars, one row per label; the label sits above its bar so long names fit. */
export function HorizontalBars({ id, title, desc, rows, series, format, max, width = WIDE }: { id: string; title: string; desc: string; rows: BarRow[]; series: Series[]; format: Format; max?: number; width?: number }) {
  const W = width;
  const rowH = 40;
  const height = Math.max(rows.length, 1) * rowH + 8;
  const total = (r: BarRow) => r.values.reduce((a, b) => a + b, 0);
  const x = scaleLinear()
    .domain([0, max ?? Math.max(1, ...rows.map(total))])
    .range([0, W - 96]);
  return (
    <Frame id={id} title={title} desc={desc} height={height} width={W}>
      <Defs id={id} series={series} />
      {rows.map((r, i) => {
        const y = i * rowH;
        let offset = 0;
        return (
          <g key={r.label + i} transform={`translate(0, ${y})`}>
            <text x={0} y={13} fill={COLORS.ink}>
              {r.label}
            </text>
            {r.values.map((v, k) => {
              const w = x(v);
              const rect = w > 0 ? <rect key={k} x={offset} y={18} width={w} height={16} fill={fillOf(id, series[k])} stroke={COLORS.ink} strokeWidth={0.75} /> : null;
              offset += w;
              return rect;
            })}
            <text x={offset + 6} y={31} fill={COLORS.ink} fontWeight={600}>
              {r.note ?? format(total(r))}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

/** Vertical (stacked) columns over categories such as months; at most ~12 labels are written. */
export function Columns({ id, title, desc, labels, values, series, format, width = WIDE }: { id: string; title: string; desc: string; labels: string[]; values: number[][]; series: Series[]; format: Format; width?: number }) {
  const W = width;
  const height = 220;
  const m = { top: 12, right: 8, bottom: 28, left: 44 };
  const x = scaleBand<number>()
    .domain(labels.map((_, i) => i))
    .range([m.left, W - m.right])
    .padding(0.25);
  const totals = values.map((v) => v.reduce((a, b) => a + b, 0));
  const y = scaleLinear()
    .domain([0, Math.max(1, ...totals)])
    .nice(4)
    .range([height - m.bottom, m.top]);
  // every label needs about 34 units; write every n-th one when they would collide
  const every = Math.max(1, Math.ceil((labels.length * 34) / (W - m.left - m.right)));
  return (
    <Frame id={id} title={title} desc={desc} height={height} width={W}>
      <Defs id={id} series={series} />
      {y.ticks(4).map((t) => (
        <g key={t}>
          <line x1={m.left} x2={W - m.right} y1={y(t)} y2={y(t)} stroke={COLORS.grid} />
          <text x={m.left - 6} y={y(t) + 4} textAnchor="end" fill={COLORS.ink}>
            {format(t)}
          </text>
        </g>
      ))}
      {values.map((v, i) => {
        let top = y(0);
        return (
          <g key={i}>
            {v.map((val, k) => {
              const h = y(0) - y(val);
              top -= h;
              return h > 0 ? <rect key={k} x={x(i)} y={top} width={x.bandwidth()} height={h} fill={fillOf(id, series[k])} stroke={COLORS.ink} strokeWidth={0.75} /> : null;
            })}
            {i % every === 0 ? (
              <text x={(x(i) ?? 0) + x.bandwidth() / 2} y={height - m.bottom + 16} textAnchor="middle" fill={COLORS.ink}>
                {labels[i]}
              </text>
            ) : null}
          </g>
        );
      })}
      <line x1={m.left} x2={W - m.right} y1={y(0)} y2={y(0)} stroke={COLORS.ink} />
    </Frame>
  );
}

/** A line over ordered categories (the response curve: share answered within 5 min … 1 week). */
export function LineChart({ id, title, desc, labels, values, format, max = 1, width = WIDE }: { id: string; title: string; desc: string; labels: string[]; values: number[]; format: Format; max?: number; width?: number }) {
  const W = width;
  const height = 230;
  const m = { top: 12, right: 16, bottom: 54, left: 44 };
  const x = scalePoint<number>()
    .domain(labels.map((_, i) => i))
    .range([m.left, W - m.right]);
  const y = scaleLinear().domain([0, max]).range([height - m.bottom, m.top]);
  const path = line<number>()
    .x((_, i) => x(i) ?? 0)
    .y((v) => y(v))
    .curve(curveMonotoneX)(values);
  return (
    <Frame id={id} title={title} desc={desc} height={height} width={W}>
      {y.ticks(4).map((t) => (
        <g key={t}>
          <line x1={m.left} x2={W - m.right} y1={y(t)} y2={y(t)} stroke={COLORS.grid} />
          <text x={m.left - 6} y={y(t) + 4} textAnchor="end" fill={COLORS.ink}>
            {format(t)}
          </text>
        </g>
      ))}
      {labels.map((l, i) => (
        <text key={l} x={x(i)} y={height - m.bottom + 14} textAnchor="end" fill={COLORS.ink} fontSize={10} transform={`rotate(-35 ${x(i)} ${height - m.bottom + 14})`}>
          {l}
        </text>
      ))}
      <line x1={m.left} x2={W - m.right} y1={y(0)} y2={y(0)} stroke={COLORS.ink} />
      {path ? <path d={path} fill="none" stroke={COLORS.blue} strokeWidth={2.5} /> : null}
      {values.map((v, i) => (
        <circle key={i} cx={x(i)} cy={y(v)} r={3.5} fill={COLORS.blue} stroke="#fff" strokeWidth={1} />
      ))}
    </Frame>
  );
}
