/** A thin determinate progress bar (value in [0, 1]); indeterminate when value is undefined. */
export function ProgressBar({ value, label, className = '' }: { value?: number; label: string; className?: string }) {
  const pct = value === undefined ? undefined : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      className={`h-1 w-full overflow-hidden rounded-full bg-sky-100 ${className}`}
    >
      <div
        className={`h-full rounded-full bg-sky-500 transition-[width] duration-300 ${pct === undefined ? 'w-1/3 animate-pulse' : ''}`}
        style={pct === undefined ? undefined : { width: `${Math.max(pct, 3)}%` }}
      />
    </div>
  );
}
