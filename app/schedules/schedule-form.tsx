import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { describeSchedule, presetCron, readPreset, WEEKDAYS, clockTime, type SchedulePreset } from '../../engine/schedule/presets';
import { formatDateTime } from '../components/local-time';
import { Button } from '../components/ui/button';
import { Field, inputClass } from '../components/ui/field';
import { fetchVersions, type PipelineVersion } from '../canvas/versions-client';
import { isTimeZone } from '../../engine/schedule/time-zone';
import { browserTimeZone, formatInZone, timeZoneNames } from './format';
import type { Schedule, ScheduleSettings } from './schedules-client';
import { useNextRuns } from './use-next-runs';

type Kind = SchedulePreset['kind'];
const KINDS: [Kind, string][] = [
  ['hourly', 'Every hour'],
  ['daily', 'Every day'],
  ['weekly', 'Every week'],
  ['custom', 'Custom cron'],
];

const DEFAULT_SETTINGS: ScheduleSettings = { cron: '0 2 * * *', timezone: 'UTC', enabled: true, versionMode: 'latest', pinnedVersionId: null, overlap: 'skip', missedTicks: 'skip' };

/** The parts of every preset, kept while the user switches between them. */
function partsOf(p: SchedulePreset) {
  return {
    minute: p.kind === 'custom' ? 0 : p.minute,
    time: p.kind === 'daily' || p.kind === 'weekly' ? clockTime(p.hour, p.minute) : '02:00',
    day: p.kind === 'weekly' ? p.day : 1,
    cron: p.kind === 'custom' ? p.cron : presetCron(p),
  };
}

function cronOf(kind: Kind, parts: ReturnType<typeof partsOf>) {
  const [hour, minute] = parts.time.split(':').map(Number) as [number, number];
  if (kind === 'hourly') return presetCron({ kind, minute: parts.minute });
  if (kind === 'daily') return presetCron({ kind, hour, minute });
  if (kind === 'weekly') return presetCron({ kind, day: parts.day, hour, minute });
  return parts.cron;
}

/**
 * Create or edit one schedule: a preset (hourly, daily, weekly) or a custom cron, its time zone, and what runs;
 * the next five run times follow what is typed.
 */
export function ScheduleForm({ pipelineId, schedule, onSave, onCancel }: { pipelineId: string; schedule?: Schedule; onSave(s: ScheduleSettings): Promise<void>; onCancel(): void }) {
  const id = useId();
  const initial = schedule ?? { ...DEFAULT_SETTINGS, timezone: browserTimeZone() };
  const initialPreset = readPreset(initial.cron);
  const [kind, setKind] = useState<Kind>(initialPreset.kind);
  const [parts, setParts] = useState(() => partsOf(initialPreset));
  const [settings, setSettings] = useState<ScheduleSettings>({ ...initial });
  const [versions, setVersions] = useState<PipelineVersion[]>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const zones = useMemo(timeZoneNames, []);
  const cron = cronOf(kind, parts);
  const next = useNextRuns(cron, settings.timezone);

  useEffect(() => {
    fetchVersions(pipelineId).then(setVersions, () => setVersions([]));
  }, [pipelineId]);

  const set = <K extends keyof ScheduleSettings>(key: K, value: ScheduleSettings[K]) => setSettings((s) => ({ ...s, [key]: value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await onSave({ ...settings, cron, pinnedVersionId: settings.versionMode === 'pinned' ? settings.pinnedVersionId : null });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };
  const cronError = next.status === 'error' && next.argument !== 'timezone' ? next.message : undefined;
  // Checked here as it is typed; the server's answer about the zone comes after the next-runs request.
  const zoneError = !isTimeZone(settings.timezone.trim())
    ? `'${settings.timezone}' is not a time zone. Pick one from the list, e.g. Europe/Paris or America/New_York.`
    : next.status === 'error' && next.argument === 'timezone'
      ? next.message
      : undefined;

  return (
    <form aria-label={schedule ? 'Edit schedule' : 'New schedule'} onSubmit={submit} className="space-y-3 px-3 py-3">
      <Field id={`${id}-kind`} label="Repeat">
        <select id={`${id}-kind`} className={inputClass} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {kind === 'hourly' ? (
        <Field id={`${id}-minute`} label="Minutes past the hour">
          <input id={`${id}-minute`} type="number" min={0} max={59} className={inputClass} value={parts.minute} onChange={(e) => setParts({ ...parts, minute: Math.min(59, Math.max(0, Number(e.target.value) || 0)) })} />
        </Field>
      ) : null}
      {kind === 'weekly' ? (
        <Field id={`${id}-day`} label="Day">
          <select id={`${id}-day`} className={inputClass} value={parts.day} onChange={(e) => setParts({ ...parts, day: Number(e.target.value) })}>
            {WEEKDAYS.map((d, i) => (
              <option key={d} value={i}>
                {d}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {kind === 'daily' || kind === 'weekly' ? (
        <Field id={`${id}-time`} label="Time">
          <input id={`${id}-time`} type="time" required className={inputClass} value={parts.time} onChange={(e) => setParts({ ...parts, time: e.target.value || '00:00' })} />
        </Field>
      ) : null}
      {kind === 'custom' ? (
        <Field id={`${id}-cron`} label="Cron expression" help="minute hour day-of-month month day-of-week, e.g. 30 6 * * MON-FRI; a 6th field in front counts seconds." error={cronError}>
          <input
            id={`${id}-cron`}
            className={`${inputClass} font-mono`}
            value={parts.cron}
            spellCheck={false}
            aria-invalid={cronError ? true : undefined}
            aria-describedby={cronError ? `${id}-cron-error` : `${id}-cron-help`}
            onChange={(e) => setParts({ ...parts, cron: e.target.value })}
          />
        </Field>
      ) : null}
      <Field id={`${id}-zone`} label="Time zone" error={zoneError}>
        <input id={`${id}-zone`} list={`${id}-zones`} className={inputClass} value={settings.timezone} aria-invalid={zoneError ? true : undefined} onChange={(e) => set('timezone', e.target.value)} />
        <datalist id={`${id}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </Field>

      <section aria-label="Next run times" className="rounded-md bg-slate-50 px-2.5 py-2 text-xs">
        <p className="font-medium text-slate-700">{next.status === 'error' || zoneError ? 'Fix the schedule to see its next runs' : describeSchedule(cron, settings.timezone)}</p>
        {next.status === 'ok' && !zoneError ? (
          <ol aria-label="Next five runs" className="mt-1 space-y-0.5 tabular-nums text-slate-600">
            {next.times.map((t) => (
              <li key={t}>
                <time dateTime={t}>{formatInZone(t, settings.timezone)}</time>
              </li>
            ))}
          </ol>
        ) : null}
        {next.status === 'loading' ? <p className="mt-1 text-slate-400">Working out the next runs…</p> : null}
      </section>

      <Field id={`${id}-version`} label="Version to run">
        <select
          id={`${id}-version`}
          className={inputClass}
          value={settings.versionMode === 'pinned' ? (settings.pinnedVersionId ?? '') : 'latest'}
          onChange={(e) => (e.target.value === 'latest' ? setSettings((s) => ({ ...s, versionMode: 'latest', pinnedVersionId: null })) : setSettings((s) => ({ ...s, versionMode: 'pinned', pinnedVersionId: e.target.value })))}
        >
          <option value="latest">Latest saved draft</option>
          {settings.versionMode === 'pinned' && settings.pinnedVersionId && !versions?.some((v) => v.id === settings.pinnedVersionId) ? (
            <option value={settings.pinnedVersionId}>Pinned version {schedule?.pinnedVersion ?? ''}</option>
          ) : null}
          {(versions ?? []).map((v) => (
            <option key={v.id} value={v.id}>
              v{v.version} · {v.kind === 'checkpoint' ? `“${v.name}”` : 'run'} · {formatDateTime(v.createdAt, { dateOnly: true })}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-overlap`} label="If the previous run is still going">
        <select id={`${id}-overlap`} className={inputClass} value={settings.overlap} onChange={(e) => set('overlap', e.target.value as ScheduleSettings['overlap'])}>
          <option value="skip">Skip this run</option>
          <option value="queue">Run it after the previous one ends</option>
        </select>
      </Field>
      <Field id={`${id}-missed`} label="Runs missed while no worker was up">
        <select id={`${id}-missed`} className={inputClass} value={settings.missedTicks} onChange={(e) => set('missedTicks', e.target.value as ScheduleSettings['missedTicks'])}>
          <option value="skip">Skip them</option>
          <option value="run_once">Run once at start-up</option>
        </select>
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={settings.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        Enabled
      </label>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={saving || next.status === 'error'}>
          {schedule ? 'Save schedule' : 'Create schedule'}
        </Button>
      </div>
    </form>
  );
}
