const STYLES: Record<string, string> = {
  production: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  staging: 'bg-amber-50 text-amber-800 ring-amber-200',
  archived: 'bg-slate-100 text-slate-500 ring-slate-200',
  none: 'bg-white text-slate-500 ring-slate-200',
};

/** A version's stage as a small pill; "none" reads as "no stage". */
export function StageBadge({ stage }: { stage: string }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[stage] ?? STYLES.none}`}>{stage === 'none' ? 'no stage' : stage}</span>;
}
