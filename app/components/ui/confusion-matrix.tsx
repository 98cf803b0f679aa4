/** A small confusion-matrix heat map: rows are actual classes, columns predicted; an accessible table. */
export function ConfusionMatrix({ labels, matrix }: { labels: string[]; matrix: number[][] }) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-[11px]">
        <caption className="mb-1 text-left text-[11px] text-slate-500">Confusion matrix (rows: actual, columns: predicted)</caption>
        <thead>
          <tr>
            <td />
            {labels.map((l) => (
              <th key={l} scope="col" className="max-w-[4rem] truncate px-1 font-medium text-slate-600" title={l}>
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={labels[i] ?? i}>
              <th scope="row" className="max-w-[5rem] truncate pr-1 text-right font-medium text-slate-600" title={labels[i]}>
                {labels[i]}
              </th>
              {row.map((count, j) => {
                const t = count / max;
                return (
                  <td
                    key={j}
                    className={`h-8 min-w-[2rem] rounded text-center tabular-nums ${t > 0.55 ? 'text-white' : 'text-slate-800'} ${i === j ? 'font-semibold' : ''}`}
                    style={{ backgroundColor: i === j ? `rgba(79, 70, 229, ${0.08 + t * 0.87})` : `rgba(225, 29, 72, ${count ? 0.08 + t * 0.8 : 0.03})` }}
                  >
                    {count}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
