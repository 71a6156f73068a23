import { useId, type ReactNode } from 'react';

export interface Column<Row> {
  label: string;
  value: (row: Row) => string | number;
}

interface ChartFigureProps<Row> {
  caption: string;
  /** One sentence a screen reader hears for the picture: what it shows, in numbers. */
  summary: string;
  rows: Row[];
  columns: Array<Column<Row>>;
  /** Shown instead of the chart when there is nothing to draw (the table stays, with its zeros). */
  empty: string | null;
  children: ReactNode;
}

/**
 * A chart with its caption, a one-sentence summary for assistive technology,
 * and the same numbers as a visually hidden table: the picture is decoration
 * over data anyone can read.
 */
export function ChartFigure<Row>({ caption, summary, rows, columns, empty, children }: ChartFigureProps<Row>) {
  const captionId = useId();
  return (
    <figure className="chart-card" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-card__caption">
        {caption}
      </figcaption>
      {empty ? (
        <p className="muted chart-card__empty">{empty}</p>
      ) : (
        <div className="chart-card__chart" role="img" aria-label={summary}>
          {children}
        </div>
      )}
      <table className="visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.label} scope="row">
                    {c.value(row)}
                  </th>
                ) : (
                  <td key={c.label}>{c.value(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
